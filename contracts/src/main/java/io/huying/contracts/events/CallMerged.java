package io.huying.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.contracts.Urgency;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.call.merged.v1}: 合并 — the call duplicated an open one and joined it. */
public record CallMerged(
        UUID callId,
        String number,
        String raisingUnit,
        String streetPath,
        Actor raisedBy,
        String categoryCode,
        Urgency urgency,
        String title,
        Location location,
        UUID mergedIntoCallId,
        String mergedIntoNumber,
        Instant raisedAt,
        Instant mergedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Review review) {

    /** A merge intake decided alone (no review). */
    public CallMerged(UUID callId, String number, String raisingUnit, String streetPath, Actor raisedBy, String categoryCode,
            Urgency urgency, String title, Location location, UUID mergedIntoCallId, String mergedIntoNumber, Instant raisedAt,
            Instant mergedAt) {
        this(callId, number, raisingUnit, streetPath, raisedBy, categoryCode, urgency, title, location, mergedIntoCallId, mergedIntoNumber,
                raisedAt, mergedAt, null);
    }
}
