package io.huying.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode. {@code subject} is the call id, which is also
 * the Kafka record key, so one call's events stay ordered within a topic. Extension attributes
 * this version does not know are ignored when read (events evolve additively).
 *
 * <p>{@code traceparent} is the CloudEvents distributed-tracing extension: the W3C trace context of the
 * work that produced the event (the HTTP request, or the consumer that reacted to an earlier event), so
 * one call's events across every service form one trace. The outbox fills it in; it is also sent as the
 * record's {@code traceparent} header.
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
        JsonNode data,
        @JsonInclude(JsonInclude.Include.NON_NULL) String traceparent) {

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
                callId.toString(), DATA_CONTENT_TYPE, data, null);
    }

    /** This event with {@code traceparent} (W3C trace context) as its distributed-tracing extension attribute. */
    public CloudEvent withTraceparent(String traceparent) {
        return new CloudEvent(specversion, id, source, type, time, subject, datacontenttype, data, traceparent);
    }
}
