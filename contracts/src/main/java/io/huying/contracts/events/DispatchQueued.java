package io.huying.contracts.events;

import io.huying.contracts.Urgency;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.dispatch.queued.v1}: 兜底 — no rule routes the call; a dispatcher of {@code queueUnit} must. */
public record DispatchQueued(
        UUID callId,
        String number,
        String raisingUnit,
        String queueUnit,
        String categoryCode,
        Urgency urgency,
        String reason,
        Instant queuedAt) {

    public static final String NO_RULE = "NO_RULE";
}
