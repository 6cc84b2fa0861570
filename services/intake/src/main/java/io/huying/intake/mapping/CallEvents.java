package io.huying.intake.mapping;

import io.huying.contracts.events.Actor;
import io.huying.contracts.events.CallAccepted;
import io.huying.contracts.events.CallMerged;
import io.huying.contracts.events.CallRejected;
import io.huying.contracts.events.FileRef;
import io.huying.contracts.events.Location;
import io.huying.contracts.events.Reporter;
import io.huying.intake.Call;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Entity → event data of the huying.call.* events. */
@ApplicationScoped
public class CallEvents {
    private final CallViews views;

    public CallEvents(CallViews views) {
        this.views = views;
    }

    /** {@code files}: those bound to the call when it was raised. */
    public CallAccepted accepted(Call call, List<FileRef> files) {
        return new CallAccepted(call.id, call.number, call.raisingUnit, call.streetPath, actor(call), call.categoryCode,
                call.catalogueVersion, call.urgency, call.requestType, call.title, call.description, location(call),
                call.reporterName == null && call.reporterPhone == null ? null : new Reporter(call.reporterName, call.reporterPhone),
                views.attachments(call), call.channel, call.raisedAt, call.statusChangedAt, files);
    }

    public CallMerged merged(Call call) {
        return new CallMerged(call.id, call.number, call.raisingUnit, call.streetPath, actor(call), call.categoryCode,
                call.urgency, call.title, location(call), call.mergedIntoId, call.mergedIntoNumber, call.raisedAt,
                call.statusChangedAt);
    }

    public CallRejected rejected(Call call) {
        return new CallRejected(call.id, call.number, call.raisingUnit, call.streetPath, actor(call), call.categoryCode,
                call.urgency, call.title, call.rejectionCode, call.rejectionReason, call.raisedAt, call.statusChangedAt);
    }

    private static Actor actor(Call call) {
        return new Actor(call.raisedBySubject, call.raisedByUsername, call.raisingUnit);
    }

    private static Location location(Call call) {
        return new Location(call.address, call.gridPath, call.latitude, call.longitude);
    }
}
