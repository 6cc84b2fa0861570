package io.huying.intake;

import io.huying.contracts.Channel;
import io.huying.contracts.reference.OrgPath;
import io.huying.platform.security.Caller;
import java.util.List;
import java.util.Set;

/** An Open311 client known by its api_key: it raises calls as {@code unit}, through {@code channel}. */
public record Open311Client(String name, OrgPath unit, Channel channel) {
    /** The subject prefix of the calls Open311 clients raise. */
    public static final String SUBJECT_PREFIX = "open311:";

    /** The client as the raiser of its calls: subject {@code open311:<name>}, acting for its unit, with no roles. */
    public Caller caller() {
        return new Caller(SUBJECT_PREFIX + name, "open311-" + name, Set.of(), List.of(unit));
    }
}
