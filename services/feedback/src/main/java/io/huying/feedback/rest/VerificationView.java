package io.huying.feedback.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.contracts.events.FileRef;
import io.huying.feedback.Satisfaction;
import io.huying.feedback.Verification;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A verification as the raising unit sees it: the lead task's result with who completed it, when,
 * and its evidence (URLs and uploaded files), so the raiser can judge before 结案 or 返工.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerificationView(UUID callId, String number, String raisingUnit, String handlerUnit, int round, String result,
        String completedBy, Instant completedAt, List<String> evidence, List<FileRef> files,
        Verification.Status status, Instant openedAt, Instant dueAt, Satisfaction satisfaction, String comment, boolean autoClosed,
        String decidedBy, Instant decidedAt) {
}
