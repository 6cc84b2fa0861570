package io.huying.contracts.events;

import io.huying.contracts.RequestType;
import java.util.List;

/**
 * What the handling unit must know of the call it responds to, carried on every {@code TaskDispatched}
 * (event-carried, so no service asks intake for it): the request type, the description, where it is,
 * who reported it, and its attachments (URLs given when raising, and the files uploaded to intake).
 * The reporter is personal data: the serving service masks it for everyone but the handling and the
 * raising unit.
 */
public record CallDetails(
        RequestType requestType,
        String description,
        Location location,
        Reporter reporter,
        List<String> attachments,
        List<FileRef> files) {

    /** The details of an accepted call (立项). */
    public static CallDetails of(CallAccepted call) {
        return new CallDetails(call.requestType(), call.description(), call.location(), call.reporter(),
                call.attachments() == null ? List.of() : call.attachments(), call.filesOrEmpty());
    }
}
