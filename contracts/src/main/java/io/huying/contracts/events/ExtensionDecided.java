package io.huying.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.task.extension-decided.v1}: 延期审批 — a dispatcher approved or refused an extension request. */
public record ExtensionDecided(
        /** Id of the extension-requested event that was decided. */
        UUID requestId,
        UUID taskId,
        UUID callId,
        String number,
        String unitPath,
        String raisingUnit,
        boolean approved,
        Instant requestedDeadline,
        /** The new deadline when approved; null when refused. */
        Instant grantedDeadline,
        String comment,
        Actor decidedBy,
        Instant decidedAt) {
}
