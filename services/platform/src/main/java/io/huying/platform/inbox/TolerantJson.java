package io.huying.platform.inbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How a consumer reads an event: a field a later version of the producer adds is passed over, not a failure
 * (the platform's own JSON is strict about requests; events are read tolerantly).
 */
public final class TolerantJson {
    private TolerantJson() {
    }

    public static ObjectMapper of(ObjectMapper json) {
        return json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }
}
