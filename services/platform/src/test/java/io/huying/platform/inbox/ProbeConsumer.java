package io.huying.platform.inbox;

import io.huying.contracts.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A consumer as every service writes one: {@link ConsumedEvents} around an effect. The effect
 * records a row; {@code data.failures} makes it fail that many times first ({@code -1}: always).
 */
@ApplicationScoped
public class ProbeConsumer {
    static final String CONSUMER = "platform-probe";
    static final Map<UUID, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    private final ConsumedEvents consumed;

    public ProbeConsumer(ConsumedEvents consumed) {
        this.consumed = consumed;
    }

    @Incoming("probe-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        // Events whose note is "ignored" concern this consumer not at all.
        return consumed.consume(CONSUMER, batch, event -> !"ignored".equals(event.data().path("note").asText()), this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        int attempt = ATTEMPTS.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
        int failures = event.data().path("failures").asInt(0);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into probe_effect (event_id, note) values (:id, :note)")
                .setParameter("id", event.id()).setParameter("note", event.data().path("note").asText())
                .executeUpdate())
                // Fails after writing, so a failed attempt's row must be rolled back with it.
                .invoke(() -> {
                    if (failures < 0 || attempt <= failures) {
                        throw new IllegalStateException("probe effect fails on attempt " + attempt);
                    }
                })
                .replaceWithVoid();
    }
}
