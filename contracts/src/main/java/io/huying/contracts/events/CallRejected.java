package io.huying.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        Instant rejectedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Review review) {

    /** The category exists in the catalogue but is no longer in use. */
    public static final String CATEGORY_INACTIVE = "CATEGORY_INACTIVE";
    /** 不属受理范围 — a street dispatcher found the matter outside what the platform takes. */
    public static final String NOT_IN_SCOPE = "NOT_IN_SCOPE";
    /** 重复 — a street dispatcher found it a repeat of a matter already handled. */
    public static final String DUPLICATE = "DUPLICATE";
    /** 信息不全 — too little to act on; the raiser may raise it again with more. */
    public static final String INCOMPLETE = "INCOMPLETE";
    /** 即时办结 — handled on the spot; nothing to dispatch. */
    public static final String HANDLED_ON_SPOT = "HANDLED_ON_SPOT";

    /** An outcome intake decided alone (no review). */
    public CallRejected(UUID callId, String number, String raisingUnit, String streetPath, Actor raisedBy, String categoryCode,
            Urgency urgency, String title, String reasonCode, String reason, Instant raisedAt, Instant rejectedAt) {
        this(callId, number, raisingUnit, streetPath, raisedBy, categoryCode, urgency, title, reasonCode, reason, raisedAt, rejectedAt, null);
    }
}
