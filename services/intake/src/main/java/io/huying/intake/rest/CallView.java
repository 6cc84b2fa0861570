package io.huying.intake.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.contracts.Channel;
import io.huying.contracts.RequestType;
import io.huying.contracts.Urgency;
import io.huying.intake.CallStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A call as its raiser and the units above see it. The reporter is masked except for the raising unit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallView(
        UUID id,
        String number,
        CallStatus status,
        String raisingUnit,
        String raisingUnitName,
        String streetPath,
        String categoryCode,
        String categoryName,
        Urgency urgency,
        RequestType requestType,
        String title,
        String description,
        LocationView location,
        ReporterView reporter,
        List<String> attachments,
        Channel channel,
        String raisedBy,
        Instant raisedAt,
        MergedInto mergedInto,
        Rejection rejection) {

    public record LocationView(String address, String gridPath, Double latitude, Double longitude) {
    }

    /** {@code masked} tells the client the values are not the full personal data. */
    public record ReporterView(String name, String phone, boolean masked) {
    }

    /** The open call this one joined (重复件合并). */
    public record MergedInto(UUID id, String number) {
    }

    /** Why the call was not accepted (不予立项). */
    public record Rejection(String code, String reason) {
    }
}
