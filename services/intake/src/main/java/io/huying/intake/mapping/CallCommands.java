package io.huying.intake.mapping;

import io.huying.intake.rest.RaiseCallRequest;
import io.huying.intake.RaiseCall;

/** API request → intake's command. */
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
}
