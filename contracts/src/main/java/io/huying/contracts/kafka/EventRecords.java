package io.huying.contracts.kafka;

import io.huying.contracts.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How a CloudEvent travels on Kafka (see asyncapi.yaml): structured mode, keyed by call id, with
 * its id and type also in headers. The outbox relay publishes through this, and tests that stand in
 * for a producer use it too (TestEvents), so consumers are tested on exactly what they receive.
 */
public final class EventRecords {
    public static final String EVENT_ID_HEADER = "huying-event-id";
    public static final String EVENT_TYPE_HEADER = "huying-event-type";

    private EventRecords() {
    }

    /** The W3C trace-context header (the event's {@code traceparent} attribute, for tools that read headers only). */
    public static final String TRACEPARENT_HEADER = "traceparent";

    public static ProducerRecord<String, String> of(String topic, String callId, UUID eventId, String eventType, String cloudEventJson) {
        return of(topic, callId, eventId, eventType, cloudEventJson, null);
    }

    /** As {@link #of(String, String, UUID, String, String)}, with the {@code traceparent} header when there is one. */
    public static ProducerRecord<String, String> of(String topic, String callId, UUID eventId, String eventType, String cloudEventJson,
            String traceparent) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, callId, cloudEventJson);
        record.headers().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        record.headers().add(EVENT_ID_HEADER, eventId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EVENT_TYPE_HEADER, eventType.getBytes(StandardCharsets.UTF_8));
        if (traceparent != null) {
            record.headers().add(TRACEPARENT_HEADER, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
