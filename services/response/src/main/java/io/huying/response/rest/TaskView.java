package io.huying.response.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.response.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A task as its unit (and the units above) see it; {@code activities} only on the single-task view. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(UUID taskId, UUID callId, String number, TaskRole role, String unitPath, String raisingUnit,
        String categoryCode, Urgency urgency, String title, TaskStatus status, DispatchReason dispatchReason, int round,
        Instant dispatchedAt, Instant acknowledgedAt, Instant completedAt, Instant returnedAt, Instant withdrawnAt,
        boolean extensionPending, Instant agreedDeadline, Instant suspendedAt, Deadline signFor, Deadline resolve, List<Activity> activities) {

    /** A time limit of the task (签收时限, 办结时限) and where it stands: ON_TRACK, AT_RISK, BREACHED or MET. */
    public record Deadline(Instant deadline, String state) {
        public static Deadline of(Instant deadline, String state) {
            return deadline == null ? null : new Deadline(deadline, state);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Activity(String kind, String text, String reasonCode, List<String> evidence, Instant requestedDeadline,
            String by, Instant at) {
    }
}
