package io.huying.intake.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.contracts.Channel;
import io.huying.contracts.RequestType;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.FileRef;
import io.huying.intake.CallLifecycle;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A call as its raiser and the units above see it. The reporter is masked except for the raising unit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallView(
        UUID id,
        String number,
        CallLifecycle status,
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
        /** Photos and PDFs uploaded with the call (附件). */
        List<FileRef> files,
        Channel channel,
        /** The 12345 work order (工单编号) the call came from, if it came from one. */
        String externalOrderNo,
        String raisedBy,
        Instant raisedAt,
        MergedInto mergedInto,
        Rejection rejection,
        /** 立项审核 — the street dispatcher's decision, when there was one. */
        Review review,
        List<Step> timeline) {

    /** The same view with the call's timeline. */
    public CallView withTimeline(List<Step> steps) {
        return new CallView(id, number, status, raisingUnit, raisingUnitName, streetPath, categoryCode, categoryName, urgency,
                requestType, title, description, location, reporter, attachments, files, channel, externalOrderNo, raisedBy, raisedAt, mergedInto,
                rejection, review, steps);
    }

    /** One step of the timeline: when, what (立项, 派遣, 签收, 办结, 结案, …), which unit, who, and a note. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(Instant at, String label, String type, String unitPath, String unitName, String actor, String note) {
    }

    public record LocationView(String address, String gridPath, Double latitude, Double longitude) {
    }

    /** {@code masked} tells the client the values are not the full personal data. */
    /** The reporter: the phone always masked; {@code revealable} when the caller may reveal it (POST …/reporter/reveal). */
    public record ReporterView(String name, String phone, boolean masked, boolean revealable) {
    }

    /** The open call this one joined (重复件合并). */
    public record MergedInto(UUID id, String number) {
    }

    /** 立项审核: ACCEPT, REJECT, MERGE or UNMERGE, by whom (username), when, and the note given. */
    public record Review(String decision, String reviewedBy, Instant reviewedAt, String note) {
    }

    /** Why the call was not accepted (不予立项). */
    public record Rejection(String code, String reason) {
    }
}
