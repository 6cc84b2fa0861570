package io.huying.intake.mapping;

import io.huying.intake.rest.RaiseCallRequest;
import io.huying.intake.rest.ReviewRequest;
import io.huying.intake.RaiseCall;
import io.huying.intake.ReviewDecision;

/** API requests → intake's commands. */
public final class CallCommands {
    private CallCommands() {
    }

    public static RaiseCall raise(RaiseCallRequest request) {
        RaiseCallRequest.LocationInput location = request.location();
        RaiseCallRequest.ReporterInput reporter = request.reporter();
        return new RaiseCall(request.categoryCode(), request.urgency(), request.requestType(), request.title(), request.description(),
                new RaiseCall.Place(location.address(), location.gridPath(), location.latitude(), location.longitude()),
                reporter == null ? null : new RaiseCall.Reporter(reporter.name(), reporter.phone()),
                request.attachmentsOrEmpty(), request.channel(), request.filesOrEmpty());
    }

    public static ReviewDecision review(ReviewRequest request) {
        return new ReviewDecision(request.decision(), request.reasonCode(), request.reason(), request.mergeInto());
    }
}
