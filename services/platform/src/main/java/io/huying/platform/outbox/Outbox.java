package io.huying.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.huying.contracts.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Writes events to the transactional outbox. Call it inside the transaction that changes the
 * state the event announces ({@code @WithTransaction} or {@code Panache.withTransaction}); the
 * {@link OutboxRelay} publishes the row once that transaction commits: within milliseconds when the
 * caller then calls {@link OutboxRelay#committed()} (the busy paths do), otherwise within the relay's
 * short looks after {@link OutboxRelay#expect()}, which every append calls.
 */
@ApplicationScoped
public class Outbox {
    private final ObjectMapper json;
    private final OutboxRelay relay;

    public Outbox(ObjectMapper json, OutboxRelay relay) {
        this.json = json;
        this.relay = relay;
    }

    /** Builds the CloudEvent for {@code data} about call {@code callId} and appends it for {@code topic}. */
    public Uni<CloudEvent> append(String topic, String service, String type, UUID callId, Instant time, Object data) {
        CloudEvent event = event(service, type, callId, time, data);
        return append(topic, event).replaceWith(event);
    }

    /** The CloudEvent from {@code service} for {@code data} about call {@code callId}, not yet appended. */
    public CloudEvent event(String service, String type, UUID callId, Instant time, Object data) {
        return CloudEvent.of(service, type, callId, time, json.valueToTree(data));
    }

    public Uni<Void> append(String topic, CloudEvent event) {
        return appendAll(topic, List.of(event));
    }

    /**
     * Appends events for {@code topic} in one statement, in list order (the relay publishes them in
     * that order): one row per event, each holding the whole CloudEvent.
     */
    public Uni<Void> appendAll(String topic, List<CloudEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode rows = json.createArrayNode();
        try {
            for (CloudEvent event : events) {
                rows.addObject().put("id", event.id().toString()).put("message_key", event.subject())
                        .put("event_type", event.type()).put("payload", json.writeValueAsString(event));
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event cannot be serialized", e));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into huying_outbox (id, topic, message_key, event_type, payload, created_at)
                        select r.id, :topic, r.message_key, r.event_type, r.payload, :now
                        from rows from (jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                                 as (id uuid, message_key text, event_type text, payload text))
                             with ordinality as r(id, message_key, event_type, payload, n)
                        order by r.n""")
                .setParameter("topic", topic)
                .setParameter("now", Instant.now().atOffset(ZoneOffset.UTC))
                .setParameter("rows", rows.toString())
                .executeUpdate())
                .invoke(relay::expect)
                .replaceWithVoid();
    }
}
