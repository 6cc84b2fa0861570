package io.huying.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes events to the transactional outbox. Call it inside the transaction that changes the
 * state the event announces ({@code @WithTransaction} or {@code Panache.withTransaction}); the
 * {@link OutboxRelay} publishes the row once that transaction commits.
 */
@ApplicationScoped
public class Outbox {
    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    /** Builds the CloudEvent for {@code data} about call {@code callId} and appends it for {@code topic}. */
    public Uni<CloudEvent> append(String topic, String service, String type, UUID callId, Instant time, Object data) {
        CloudEvent event = CloudEvent.of(service, type, callId, time, json.valueToTree(data));
        return append(topic, event).replaceWith(event);
    }

    public Uni<Void> append(String topic, CloudEvent event) {
        OutboxEvent row = new OutboxEvent();
        row.id = event.id();
        row.topic = topic;
        row.messageKey = event.subject();
        row.eventType = event.type();
        row.createdAt = Instant.now();
        try {
            row.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event cannot be serialized", e));
        }
        return row.persist().replaceWithVoid();
    }
}
