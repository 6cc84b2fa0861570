package io.huying.contracts.events;

import io.huying.contracts.Channel;
import io.huying.contracts.RequestType;
import io.huying.contracts.Urgency;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Data of {@code huying.call.accepted.v1}: 立项 — the call became a case to dispatch. */
public record CallAccepted(
        UUID callId,
        String number,
        String raisingUnit,
        String streetPath,
        Actor raisedBy,
        String categoryCode,
        String catalogueVersion,
        Urgency urgency,
        RequestType requestType,
        String title,
        String description,
        Location location,
        Reporter reporter,
        List<String> attachments,
        Channel channel,
        Instant raisedAt,
        Instant acceptedAt) {
}
