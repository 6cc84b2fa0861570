package io.huying.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code huying.task.suspended.v1} (挂起: {@code reason} set) and {@code huying.task.resumed.v1}
 * (恢复办理: {@code suspendedAt} set). {@code at} is when the suspension began or ended.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskSuspension(
        UUID taskId,
        UUID callId,
        String number,
        String unitPath,
        String raisingUnit,
        String reason,
        Instant suspendedAt,
        Actor by,
        Instant at) {
}
