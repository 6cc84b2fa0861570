package io.huying.intake;

import io.huying.contracts.Channel;
import io.huying.contracts.RequestType;
import io.huying.contracts.Urgency;
import java.util.List;
import java.util.UUID;

/**
 * 呼叫 — what a raiser asks for, checked for shape by the API; the raising unit is the caller's, never
 * part of it. {@code externalId}: the order number of the outside system it came from (12345 工单编号), one
 * call per number; null for a call raised here.
 */
public record RaiseCall(String categoryCode, Urgency urgency, RequestType requestType, String title, String description,
        Place location, Reporter reporter, List<String> attachments, Channel channel, List<UUID> files, String externalId) {

    /** A call raised here, with no outside order number. */
    public RaiseCall(String categoryCode, Urgency urgency, RequestType requestType, String title, String description,
            Place location, Reporter reporter, List<String> attachments, Channel channel, List<UUID> files) {
        this(categoryCode, urgency, requestType, title, description, location, reporter, attachments, channel, files, null);
    }

    public RaiseCall {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** Where the matter is. */
    public record Place(String address, String gridPath, Double latitude, Double longitude) {
    }

    /** The resident who reported it (personal data). */
    public record Reporter(String name, String phone) {
    }
}
