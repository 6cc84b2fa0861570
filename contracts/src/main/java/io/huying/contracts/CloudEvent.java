package io.huying.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode. {@code subject} is the call id, which is also
 * the Kafka record key, so one call's events stay ordered within a topic. Extension attributes
 * this version does not know are ignored when read (events evolve additively).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudEvent(
        String specversion,
        UUID id,
        String source,
        String type,
        Instant time,
        String subject,
        String datacontenttype,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";
    /** The Kafka {@code content-type} header value of a structured-mode CloudEvent. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
    }

    /** A new event from {@code service} (e.g. "intake") about the call {@code callId}. */
    public static CloudEvent of(String service, String type, UUID callId, Instant time, JsonNode data) {
        return new CloudEvent(SPEC_VERSION, Ids.next(), "/huying/" + service, type, time,
                callId.toString(), DATA_CONTENT_TYPE, data);
    }
}
