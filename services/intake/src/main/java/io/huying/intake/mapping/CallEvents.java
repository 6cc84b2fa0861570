package io.huying.intake.mapping;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.CallAccepted;
import io.huying.contracts.events.CallAwaitingReview;
import io.huying.contracts.events.CallMerged;
import io.huying.contracts.events.CallRejected;
import io.huying.contracts.events.FileRef;
import io.huying.contracts.events.Location;
import io.huying.contracts.events.Reporter;
import io.huying.contracts.events.Review;
import io.huying.intake.Call;
import io.huying.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Entity → event data of the huying.call.* events. */
@ApplicationScoped
public class CallEvents {
    /** The source of intake's events ({@code /huying/intake}). */
    private static final String SERVICE = "intake";

    private final CallViews views;
    private final Outbox outbox;

    public CallEvents(CallViews views, Outbox outbox) {
        this.views = views;
        this.outbox = outbox;
    }

    /**
     * The event announcing the call's outcome as it stands, at its status's time: 立项 (with the files
     * bound to it), 待立项审核, 合并 or 不予立项.
     */
    public CloudEvent announcement(Call call, List<FileRef> files) {
        return switch (call.status) {
            case ACCEPTED -> outbox.event(SERVICE, EventTypes.CALL_ACCEPTED, call.id, call.statusChangedAt,
                    accepted(call, files == null ? List.of() : files));
            case PENDING_REVIEW -> outbox.event(SERVICE, EventTypes.CALL_AWAITING_REVIEW, call.id, call.statusChangedAt, awaitingReview(call));
            case MERGED -> outbox.event(SERVICE, EventTypes.CALL_MERGED, call.id, call.statusChangedAt, merged(call));
            case REJECTED -> outbox.event(SERVICE, EventTypes.CALL_REJECTED, call.id, call.statusChangedAt, rejected(call));
        };
    }

    /** {@code files}: those bound to the call when it was raised. */
    public CallAccepted accepted(Call call, List<FileRef> files) {
        return new CallAccepted(call.id, call.number, call.raisingUnit, call.streetPath, actor(call), call.categoryCode,
                call.catalogueVersion, call.urgency, call.requestType, call.title, call.description, location(call),
                call.reporterName == null && call.reporterPhone == null ? null : new Reporter(call.reporterName, call.reporterPhone),
                views.attachments(call), call.channel, call.raisedAt, call.statusChangedAt, files, review(call));
    }

    /** 待立项审核: the call waits for its street's review. */
    public CallAwaitingReview awaitingReview(Call call) {
        return new CallAwaitingReview(call.id, call.number, call.raisingUnit, call.streetPath, actor(call), call.categoryCode, call.urgency,
                call.title, location(call), call.raisedAt);
    }

    public CallMerged merged(Call call) {
        return new CallMerged(call.id, call.number, call.raisingUnit, call.streetPath, actor(call), call.categoryCode,
                call.urgency, call.title, location(call), call.mergedIntoId, call.mergedIntoNumber, call.raisedAt,
                call.statusChangedAt, review(call));
    }

    public CallRejected rejected(Call call) {
        return new CallRejected(call.id, call.number, call.raisingUnit, call.streetPath, actor(call), call.categoryCode,
                call.urgency, call.title, call.rejectionCode, call.rejectionReason, call.raisedAt, call.statusChangedAt, review(call));
    }

    /** The street dispatcher's decision, when there was one. */
    private static Review review(Call call) {
        return call.reviewDecision == null ? null
                : new Review(new Actor(call.reviewedBySubject, call.reviewedBy, call.reviewedByUnit), call.reviewDecision, call.reviewNote);
    }

    private static Actor actor(Call call) {
        return new Actor(call.raisedBySubject, call.raisedByUsername, call.raisingUnit);
    }

    private static Location location(Call call) {
        return new Location(call.address, call.gridPath, call.latitude, call.longitude);
    }
}
