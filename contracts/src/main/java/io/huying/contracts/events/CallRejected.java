package io.huying.contracts.events;

import io.huying.contracts.Urgency;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.call.rejected.v1}: 不予立项 — the call was not accepted as a case. */
public record CallRejected(
        UUID callId,
        String number,
        String raisingUnit,
        String streetPath,
        Actor raisedBy,
        String categoryCode,
        Urgency urgency,
        String title,
        String reasonCode,
        String reason,
        Instant raisedAt,
        Instant rejectedAt) {

    /** The category exists in the catalogue but is no longer in use. */
    public static final String CATEGORY_INACTIVE = "CATEGORY_INACTIVE";
}
