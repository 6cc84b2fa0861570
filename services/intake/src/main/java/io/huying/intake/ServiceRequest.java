package io.huying.intake;

/** A call as Open311 shows it (GeoReport v2 "service request"): the call and who handles it by when. */
public record ServiceRequest(Call call, CallHandling handling) {
}
