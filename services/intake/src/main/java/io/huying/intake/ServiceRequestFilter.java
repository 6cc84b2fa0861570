package io.huying.intake;

import io.huying.contracts.reference.OrgPath;
import java.time.Instant;
import java.util.List;

/**
 * Which calls an Open311 client reads (GeoReport v2 GET requests): numbers and category codes (any
 * when empty), lifecycles (any when empty), the raise-time window, and whose calls — those raised by
 * {@code scope} or below (a client with its api_key), or, with no scope, those raised through Open311.
 */
public record ServiceRequestFilter(OrgPath scope, List<String> numbers, List<String> categoryCodes, List<CallLifecycle> lifecycles,
        Instant raisedFrom, Instant raisedBefore) {

    public ServiceRequestFilter {
        numbers = List.copyOf(numbers);
        categoryCodes = List.copyOf(categoryCodes);
        lifecycles = List.copyOf(lifecycles);
    }
}
