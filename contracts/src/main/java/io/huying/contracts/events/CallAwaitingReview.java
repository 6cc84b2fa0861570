package io.huying.contracts.events;

import io.huying.contracts.Urgency;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code huying.call.awaiting-review.v1}: 待立项审核 — the call's category needs its street's
 * review before it becomes a case; it waits in the street dispatcher's list. The dispatch time limit
 * runs from {@code raisedAt}.
 */
public record CallAwaitingReview(
        UUID callId,
        String number,
        String raisingUnit,
        String streetPath,
        Actor raisedBy,
        String categoryCode,
        Urgency urgency,
        String title,
        Location location,
        Instant raisedAt) {
}
