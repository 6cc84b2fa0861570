package io.huying.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.contracts.Channel;
import io.huying.contracts.RequestType;
import io.huying.contracts.Urgency;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code huying.call.accepted.v1}: 立项 — the call became a case to dispatch. {@code files} are the
 * photos and documents uploaded with the call (附件), served by intake at their url; absent when none.
 * {@code review}: the street dispatcher's decision, when the call waited for review (立项审核) or was
 * unmerged; absent when intake accepted it at once.
 */
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
        Instant acceptedAt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FileRef> files,
        @JsonInclude(JsonInclude.Include.NON_NULL) Review review) {

    /** An accepted call without uploaded files (the shape before {@code files} existed). */
    public CallAccepted(UUID callId, String number, String raisingUnit, String streetPath, Actor raisedBy, String categoryCode,
            String catalogueVersion, Urgency urgency, RequestType requestType, String title, String description, Location location,
            Reporter reporter, List<String> attachments, Channel channel, Instant raisedAt, Instant acceptedAt) {
        this(callId, number, raisingUnit, streetPath, raisedBy, categoryCode, catalogueVersion, urgency, requestType, title, description,
                location, reporter, attachments, channel, raisedAt, acceptedAt, List.of());
    }

    /** An accepted call intake accepted at once (no review). */
    public CallAccepted(UUID callId, String number, String raisingUnit, String streetPath, Actor raisedBy, String categoryCode,
            String catalogueVersion, Urgency urgency, RequestType requestType, String title, String description, Location location,
            Reporter reporter, List<String> attachments, Channel channel, Instant raisedAt, Instant acceptedAt, List<FileRef> files) {
        this(callId, number, raisingUnit, streetPath, raisedBy, categoryCode, catalogueVersion, urgency, requestType, title, description,
                location, reporter, attachments, channel, raisedAt, acceptedAt, files, null);
    }

    public List<FileRef> filesOrEmpty() {
        return files == null ? List.of() : files;
    }
}
