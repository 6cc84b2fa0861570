package io.huying.contracts.events;

import io.huying.contracts.Urgency;
import java.time.Instant;
import java.util.List;
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
        List<String> returnedBy,
        Instant queuedAt) {

    /** No routing rule fits (兜底). */
    public static final String NO_RULE = "NO_RULE";
    /** The lead returned it and no other unit's rule fits. */
    public static final String RETURNED = "RETURNED";
    /** Returned more often than allowed: the district's dispatchers decide finally (终审). */
    public static final String ARBITRATION = "ARBITRATION";
}
