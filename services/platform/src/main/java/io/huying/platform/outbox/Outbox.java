package io.huying.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.huying.contracts.CloudEvent;
import io.huying.platform.tracing.CallTraces;
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
 * work then reports its commit with {@link OutboxRelay#committed()} (consumers' batches, raises, every
 * request through {@link RequestCommits}, the services' timers), otherwise at the relay's next idle look.
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
     * that order): one row per event, each holding the whole CloudEvent with its {@code traceparent},
     * which the row also keeps for the record's header. The trace an event continues: its own, else
     * the one the work in progress names for its call ({@link CallTraces#forCall}: a consumed event's
     * span), else the trace this service first met the call in ({@code huying_call_trace}), else the
     * current span's (a request's). The first trace of a call is recorded in the same statement.
     */
    public Uni<Void> appendAll(String topic, List<CloudEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode rows = json.createArrayNode();
        try {
            String current = CallTraces.current();
            for (CloudEvent given : events) {
                CloudEvent event = given.traceparent() == null ? given.withTraceparent(CallTraces.named(given.subject())) : given;
                rows.addObject().put("id", event.id().toString()).put("message_key", event.subject())
                        .put("event_type", event.type()).put("payload", json.writeValueAsString(event))
                        .put("traceparent", event.traceparent()).put("current", current);
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event cannot be serialized", e));
        }
        // An event whose trace is found here (the call's recorded one, or the current span's) gets it
        // written into its payload too.
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        with r as (select * from rows from (jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                                       as (id uuid, message_key text, event_type text, payload text, traceparent text, current text))
                                   with ordinality as r(id, message_key, event_type, payload, traceparent, current, n)),
                             t as (select r.*, coalesce(r.traceparent,
                                                        (select c.traceparent from huying_call_trace c where c.call_id = r.message_key),
                                                        r.current) as tp
                                   from r),
                             traced as (insert into huying_call_trace (call_id, traceparent)
                                        select distinct on (t.message_key) t.message_key, t.tp from t
                                        where t.tp is not null order by t.message_key, t.n
                                        on conflict (call_id) do nothing)
                        insert into huying_outbox (id, topic, message_key, event_type, payload, created_at, traceparent)
                        select t.id, :topic, t.message_key, t.event_type,
                               case when t.traceparent is null and t.tp is not null
                                    then cast(jsonb_set(cast(t.payload as jsonb), '{traceparent}', to_jsonb(t.tp)) as text)
                                    else t.payload end,
                               :now, t.tp
                        from t
                        order by t.n""")
                .setParameter("topic", topic)
                .setParameter("now", Instant.now().atOffset(ZoneOffset.UTC))
                .setParameter("rows", rows.toString())
                .executeUpdate())
                .invoke(relay::expect)
                .replaceWithVoid();
    }
}
