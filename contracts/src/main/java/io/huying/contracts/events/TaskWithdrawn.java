package io.huying.contracts.events;

import io.huying.contracts.events.TaskDispatched.TaskRole;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.task.withdrawn.v1}: 撤回 — a dispatcher took the task away from its unit. */
public record TaskWithdrawn(
        UUID taskId,
        UUID callId,
        String number,
        TaskRole role,
        String unitPath,
        String raisingUnit,
        String reason,
        Actor withdrawnBy,
        Instant withdrawnAt) {
}
