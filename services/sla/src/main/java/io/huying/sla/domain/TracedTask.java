package io.huying.sla.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A task (or verification) counting in a measure's denominator: the task, its times and what became
 * of it; for the measures over verifications, the verification's round and verdict.
 *
 * @param counted whether it counts in the numerator too
 */
public record TracedTask(String number, UUID callId, UUID taskId, String role, Instant dispatchedAt, Integer round, boolean counted,
        String title, Instant signForDeadline, Instant signForStoppedAt, String signForOutcome, Instant resolveDeadline,
        String resolveOutcome, Instant returnedAt, Instant completedAt, Instant withdrawnAt, String verificationOutcome,
        String satisfaction, Instant answeredAt) {

    /**
     * For the measures over tasks what became of the task (OPEN, COMPLETED 办结, RETURNED 退回, WITHDRAWN 撤回);
     * for SATISFIED and RESOLVED the verdict.
     */
    public String outcome(AssessmentMeasure measure) {
        return measure.source() == AssessmentMeasure.Source.VERIFICATIONS ? verificationOutcome
                : withdrawnAt != null ? "WITHDRAWN" : returnedAt != null ? "RETURNED" : completedAt != null ? "COMPLETED" : "OPEN";
    }
}
