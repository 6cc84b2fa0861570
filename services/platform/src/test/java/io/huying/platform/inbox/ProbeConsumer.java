package io.huying.platform.inbox;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.Topics;
import io.huying.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A consumer as every service writes one: {@link ConsumedEvents} around an effect. The effect
 * records a row; {@code data.failures} makes it fail that many times first ({@code -1}: always),
 * {@code data.outages} that many times more as if the database were out of reach; {@code data.note}
 * "announce" makes it also announce an event of the same call ({@code note} "announced") on
 * huying.feedback through the outbox, as a service's reaction to an event does.
 */
@ApplicationScoped
public class ProbeConsumer {
    static final String CONSUMER = "platform-probe";
    static final Map<UUID, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    /** The log context's call id (MDC) while each event's effect ran. */
    static final Map<UUID, String> LOGGED_CALL = new ConcurrentHashMap<>();
    /** The log context's trace id (MDC traceId) while each event's effect ran. */
    public static final Map<UUID, String> LOGGED_TRACE = new ConcurrentHashMap<>();
    /** The largest batch applied so far. */
    static final AtomicInteger LARGEST_BATCH = new AtomicInteger();
    /** The event that keeps its batch waiting while it is set here (up to 30 s), so that a backlog builds up behind it. */
    static final AtomicReference<UUID> HELD = new AtomicReference<>();

    private final ConsumedEvents consumed;
    private final Outbox outbox;

    public ProbeConsumer(ConsumedEvents consumed, Outbox outbox) {
        this.consumed = consumed;
        this.outbox = outbox;
    }

    @Incoming("probe-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        // Events whose note is "ignored" concern this consumer not at all.
        LARGEST_BATCH.accumulateAndGet(batch.getRecords().size(), Math::max);
        return consumed.consume(CONSUMER, batch, event -> !"ignored".equals(event.data().path("note").asText()), this::apply);
    }

    /** Completes once {@link #HELD} no longer holds {@code id} (or after 30 s), on this Vert.x context, which the session needs. */
    private static Uni<Void> whileHeld(UUID id) {
        Context context = Vertx.currentContext();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        return Uni.createFrom().emitter(done -> context.owner().setPeriodic(50, timer -> {
            if (!id.equals(HELD.get()) || System.nanoTime() > until) {
                context.owner().cancelTimer(timer);
                done.complete(null);
            }
        }));
    }

    private Uni<Void> apply(CloudEvent event) {
        int attempt = ATTEMPTS.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
        Object loggedCall = org.jboss.logging.MDC.get(ConsumedEvents.CALL_ID);
        if (loggedCall != null) {
            LOGGED_CALL.put(event.id(), String.valueOf(loggedCall));
        }
        Object loggedTrace = org.jboss.logging.MDC.get("traceId");
        if (loggedTrace != null) {
            LOGGED_TRACE.put(event.id(), String.valueOf(loggedTrace));
        }
        int failures = event.data().path("failures").asInt(0);
        int outages = event.data().path("outages").asInt(0);
        Uni<Void> held = event.id().equals(HELD.get()) ? whileHeld(event.id()) : Uni.createFrom().voidItem();
        return held.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into probe_effect (event_id, note) values (:id, :note)")
                .setParameter("id", event.id()).setParameter("note", event.data().path("note").asText())
                .executeUpdate())
                // Fails after writing, so a failed attempt's row must be rolled back with it.
                .invoke(() -> {
                    if (failures < 0 || attempt <= failures) {
                        throw new IllegalStateException("probe effect fails on attempt " + attempt);
                    }
                    if (attempt <= failures + outages) {
                        throw new IllegalStateException("probe effect meets an outage on attempt " + attempt,
                                new ConnectException("Connection refused: the database is out of reach"));
                    }
                })
                .replaceWithVoid())
                .chain(() -> "announce".equals(event.data().path("note").asText())
                        ? outbox.append(Topics.FEEDBACK, "platform", event.type(), UUID.fromString(event.subject()), Instant.now(),
                                Map.of("note", "announced")).replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }
}
