package io.huying.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.Topics;
import io.huying.platform.db.ListParameters;
import io.huying.platform.outbox.OutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The idempotent consumer. For each incoming CloudEvent it inserts (consumer, event id) first and
 * runs the effect in the same transaction: a redelivered event finds its row and changes nothing;
 * an effect that fails rolls its row back and is retried (bounded, with backoff) unless it is an
 * {@link UnprocessableEvent}; an event that is unreadable, unprocessable or still fails is nacked, which sends it to the dead-letter topic ({@link DeadLetters}).
 * Channels run in batch mode ({@code batch=true}): one transaction per poll while all goes well.
 */
@ApplicationScoped
public class ConsumedEvents {
    private final ObjectMapper json;
    private final OutboxRelay relay;
    private final int maxRetries;
    private final Duration firstBackoff;

    public ConsumedEvents(ObjectMapper json, OutboxRelay relay,
            @ConfigProperty(name = "huying.consumer.max-retries", defaultValue = "3") int maxRetries,
            @ConfigProperty(name = "huying.consumer.first-backoff", defaultValue = "100ms") Duration firstBackoff) {
        this.json = json;
        this.relay = relay;
        this.maxRetries = maxRetries;
        this.firstBackoff = firstBackoff;
    }

    /**
     * Processes a batch of records (what one poll returned) for {@code consumer}: all of them in one
     * transaction, each behind its (consumer, event id) row, so a busy consumer pays one commit per
     * batch instead of one per event. When that transaction fails, the batch is processed again one
     * event per transaction with bounded retries, and an event that is unreadable or still fails is
     * nacked alone, which sends it to the dead-letter topic; then the batch is acknowledged. Order
     * within a partition is kept in both passes.
     */
    public Uni<Void> consume(String consumer, KafkaRecordBatch<String, String> batch, Function<CloudEvent, Uni<Void>> effect) {
        return consumeAll(consumer, batch, events -> inCallOrder(events, effect));
    }

    /**
     * As {@link #consume}, for an effect that applies many events at once (set-based statements):
     * inside the transaction it receives the events of the batch not processed before, in the
     * order received; in the one-by-one pass, a list of one.
     */
    public Uni<Void> consumeAll(String consumer, KafkaRecordBatch<String, String> batch, Function<List<CloudEvent>, Uni<Void>> effect) {
        return consumeAll(consumer, batch, event -> true, effect);
    }

    /**
     * As {@link #consume}, for a consumer that acts on some of a topic's events only: the others
     * ({@code relevant} false) have no effect, so they are acknowledged without a (consumer, event id)
     * row or a transaction — a batch of nothing relevant costs no database work.
     */
    public Uni<Void> consume(String consumer, KafkaRecordBatch<String, String> batch, Predicate<CloudEvent> relevant,
            Function<CloudEvent, Uni<Void>> effect) {
        return consumeAll(consumer, batch, relevant, events -> inCallOrder(events, effect));
    }

    /** As {@link #consumeAll(String, KafkaRecordBatch, Function)}, for the {@code relevant} events only (see {@link #consume(String, KafkaRecordBatch, Predicate, Function)}). */
    public Uni<Void> consumeAll(String consumer, KafkaRecordBatch<String, String> batch, Predicate<CloudEvent> relevant,
            Function<List<CloudEvent>, Uni<Void>> effect) {
        List<Received> received = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            CloudEvent event;
            try {
                event = json.readValue(record.getPayload(), CloudEvent.class);
            } catch (Exception e) {
                rejected.add(new Rejected(record, new IllegalArgumentException("not a readable CloudEvent: " + e.getMessage(), e)));
                continue;
            }
            if (relevant.test(event)) {
                received.add(new Received(record, event));
            }
        }
        Uni<Void> applied = received.isEmpty() ? Uni.createFrom().voidItem() : allInOneTransaction(consumer, received, effect);
        return applied
                .onFailure().recoverWithUni(e -> {
                    Log.debugf("%s: a batch of %d failed as a whole (%s); one event at a time now", consumer, received.size(), e.getMessage());
                    return oneAtATime(consumer, received, event -> effect.apply(List.of(event)), rejected);
                })
                .chain(() -> deadLetter(consumer, rejected))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private record Received(KafkaRecord<String, String> record, CloudEvent event) {
    }

    private record Rejected(KafkaRecord<String, String> record, Throwable cause) {
    }

    private Uni<Void> allInOneTransaction(String consumer, List<Received> received, Function<List<CloudEvent>, Uni<Void>> effect) {
        if (received.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<CloudEvent> events = received.stream().map(Received::event).toList();
        return Panache.withTransaction(() -> claim(consumer, events).chain(fresh -> fresh.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().deferred(() -> effect.apply(fresh))))
                .invoke(relay::committed);
    }

    /**
     * Inside a transaction: inserts the (consumer, event id) rows of {@code events}, a statement per
     * 64 events, and returns the events whose row is new — each once, in the order given.
     *
     * <p>The ids are bound as a list ({@code huying_uuids(?, ?, …)}). Hibernate keeps no plan for a
     * native query with a list parameter; for one without, it keeps a plan per execution under keys that
     * never compare equal, all of one hash, and every later claim searched that heap of colliding keys
     * (6 % of a consumer's CPU under load, docs/benchmarks.md).
     */
    private Uni<List<CloudEvent>> claim(String consumer, List<CloudEvent> events) {
        List<UUID> ids = events.stream().map(CloudEvent::id).toList();
        Set<String> fresh = new HashSet<>();
        Uni<Void> inserted = Uni.createFrom().voidItem();
        for (List<UUID> chunk : ListParameters.chunks(ids)) {
            inserted = inserted.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                            insert into huying_processed_event (consumer, event_id)
                            select :consumer, id from huying_uuids(:ids) as ids(id)
                            on conflict do nothing
                            returning cast(event_id as text)""")
                    .setParameter("consumer", consumer).setParameter("ids", chunk)
                    .getResultList())
                    .invoke(rows -> rows.forEach(row -> fresh.add(String.valueOf(row))))
                    .replaceWithVoid());
        }
        return inserted.map(done -> {
            List<CloudEvent> claimed = new ArrayList<>();
            for (CloudEvent e : events) {
                if (fresh.remove(String.valueOf(e.id()))) {
                    claimed.add(e);
                }
            }
            return claimed;
        });
    }

    /**
     * Applies a per-event effect to events in call-id order. Effects lock rows of their own call
     * only: applying a batch in call-id order (a stable sort, so one call's events keep their order)
     * makes concurrent batches — of other channels or replicas — take those locks in the same
     * order, so they cannot deadlock.
     */
    private static Uni<Void> inCallOrder(List<CloudEvent> events, Function<CloudEvent, Uni<Void>> effect) {
        List<CloudEvent> byCall = new ArrayList<>(events);
        byCall.sort(Comparator.comparing(e -> e.subject() == null ? "" : e.subject()));
        // Each event's changes are flushed and the session cleared before the next one: otherwise every
        // flush of a later event dirty-checks and cascades over all entities of the batch so far, and a
        // batch of n events costs n².
        return Multi.createFrom().iterable(byCall)
                .onItem().transformToUniAndConcatenate(e -> effect.apply(e).call(ConsumedEvents::flushAndClear))
                .collect().last().replaceWithVoid();
    }

    /**
     * Inside a consumer's transaction, after one event's effect: writes its changes and forgets the
     * entities it loaded, so that a later event's flush does not dirty-check them all again.
     */
    public static Uni<Void> flushAndClear() {
        return Panache.getSession().chain(session -> session.flush().invoke(session::clear));
    }

    private Uni<Void> oneAtATime(String consumer, List<Received> received, Function<CloudEvent, Uni<Void>> effect, List<Rejected> rejected) {
        return Multi.createFrom().iterable(received)
                .onItem().transformToUniAndConcatenate(r -> once(consumer, r.event(), effect)
                        .onFailure(e -> !unprocessable(e)).retry().withBackOff(firstBackoff, firstBackoff.multipliedBy(20)).atMost(maxRetries)
                        .replaceWithVoid()
                        .onFailure().recoverWithItem(e -> {
                            rejected.add(new Rejected(r.record(), e));
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> deadLetter(String consumer, List<Rejected> rejected) {
        return Multi.createFrom().iterable(rejected)
                .onItem().transformToUniAndConcatenate(r -> {
                    Log.warnf("%s gives up on a record of %s-%d (key %s), sending it to the dead-letter topic: %s", consumer,
                            r.record().getTopic(), r.record().getPartition(), r.record().getKey(), r.cause().getMessage());
                    // SmallRye's dead-letter strategy writes the reason's message to the dead-letter-reason header.
                    // To <its topic>.dlq even when the channel reads several topics.
                    Metadata toItsTopic = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                            .withTopic(Topics.deadLetterOf(r.record().getTopic())).build());
                    return Uni.createFrom().completionStage(r.record().nack(
                            new DeadLetteredException(consumer + ": " + r.cause().getMessage(), r.cause()), toItsTopic));
                })
                .collect().last().replaceWithVoid();
    }

    /** The event's data as {@code type}; data that does not read is an {@link UnprocessableEvent}. */
    public <T> T data(CloudEvent event, Class<T> type) {
        try {
            return json.treeToValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new UnprocessableEvent("unreadable " + event.type() + " data: " + e.getOriginalMessage(), e);
        }
    }

    /** Runs {@code effect} in one transaction with the (consumer, event id) row; false when already processed. */
    public Uni<Boolean> once(String consumer, CloudEvent event, Function<CloudEvent, Uni<Void>> effect) {
        return Panache.withTransaction(() -> applyOnce(consumer, event, effect)).invoke(relay::committed);
    }

    /** Inside a transaction: the (consumer, event id) row first (the same claim as a batch's), then the effect if the row is new. */
    private Uni<Boolean> applyOnce(String consumer, CloudEvent event, Function<CloudEvent, Uni<Void>> effect) {
        return claim(consumer, List.of(event)).chain(fresh -> fresh.isEmpty()
                ? Uni.createFrom().item(Boolean.FALSE)
                : Uni.createFrom().deferred(() -> effect.apply(event)).replaceWith(Boolean.TRUE));
    }

    private static boolean unprocessable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnprocessableEvent) {
                return true;
            }
        }
        return false;
    }

    /** Why a consumer gave up on an event; its message starts with the consumer's name. */
    public static final class DeadLetteredException extends RuntimeException {
        DeadLetteredException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
