package io.huying.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.Topics;
import io.huying.platform.db.ListParameters;
import io.huying.platform.db.NativeSelects;
import io.huying.platform.health.Stalls;
import io.huying.platform.health.TransientFailures;
import io.huying.platform.metrics.ConsumerMetrics;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.tracing.CallTraces;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.MDC;

/**
 * The idempotent consumer. For each incoming CloudEvent it inserts (consumer, event id) first and
 * runs the effect in the same transaction: a redelivered event finds its row and changes nothing;
 * an effect that fails rolls its row back and is tried again. A failure that passes by itself (the
 * database or broker out of reach, a lock conflict) is waited out for as long as it lasts, in order;
 * an event that is unreadable, an {@link UnprocessableEvent}, or still fails otherwise after bounded
 * retries is nacked, which sends it to the dead-letter topic ({@link DeadLetters}). Fields and
 * extension attributes this version does not know are ignored; events of a type it does not know are
 * acknowledged and counted. Channels run in batch mode ({@code batch=true}): one transaction per poll
 * while all goes well.
 */
@ApplicationScoped
public class ConsumedEvents {
    private final ObjectMapper json;
    private final OutboxRelay relay;
    private final Stalls stalls;
    private final ConsumerMetrics metrics;
    private final Tracer tracer;
    private final String service;
    private final int maxRetries;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    /** Whether a schema exists for an event type (contracts/schemas, on the classpath under huying/schemas). */
    private final Map<String, Boolean> knownTypes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> unknownTypes = new ConcurrentHashMap<>();

    public ConsumedEvents(ObjectMapper json, OutboxRelay relay, Stalls stalls, ConsumerMetrics metrics, Tracer tracer, @ConfigProperty(name = "huying.service") String service,
            @ConfigProperty(name = "huying.consumer.max-retries", defaultValue = "3") int maxRetries,
            @ConfigProperty(name = "huying.consumer.first-backoff", defaultValue = "100ms") Duration firstBackoff,
            @ConfigProperty(name = "huying.consumer.max-backoff", defaultValue = "5s") Duration maxBackoff) {
        // Events evolve additively (DESIGN §4): a field or an extension attribute this version does
        // not know is ignored, so a newer producer in a rolling upgrade does not dead-letter its events.
        // Request bodies stay strict (quarkus.jackson.fail-on-unknown-properties).
        this.json = TolerantJson.of(json);
        this.relay = relay;
        this.stalls = stalls;
        this.metrics = metrics;
        this.tracer = tracer;
        this.service = service;
        this.maxRetries = maxRetries;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
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
            if (known(event) && relevant.test(event)) {
                received.add(new Received(record, event));
            }
        }
        EventSpans spans = EventSpans.start(tracer, consumer, received);
        spans.install();
        Uni<Void> applied = received.isEmpty() ? Uni.createFrom().voidItem() : allInOneTransaction(consumer, received, effect);
        return applied
                .onFailure().recoverWithUni(e -> {
                    Log.debugf("%s: a batch of %d failed as a whole (%s); one event at a time now", consumer, received.size(), e.getMessage());
                    return oneAtATime(consumer, received, event -> effect.apply(List.of(event)), rejected);
                })
                .invoke(() -> stalls.recovered(consumer))
                .chain(() -> deadLetter(consumer, rejected, spans))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .eventually(spans::end);
    }

    /**
     * Whether the event's type is one this version has a schema for. An unknown type (a newer
     * producer's) is acknowledged without effect and counted ({@link #unknownTypes()}).
     */
    private boolean known(CloudEvent event) {
        boolean known = knownTypes.computeIfAbsent(event.type(),
                type -> ConsumedEvents.class.getClassLoader().getResource("huying/schemas/" + type + ".schema.json") != null);
        if (!known) {
            LongAdder seen = unknownTypes.computeIfAbsent(event.type(), type -> {
                Log.warnf("events of type %s are unknown to this version of %s: acknowledged without effect", type, service);
                return new LongAdder();
            });
            seen.increment();
        }
        return known;
    }

    /** Events of a type this version does not know, acknowledged without effect since the start: count by type. */
    public Map<String, Long> unknownTypes() {
        Map<String, Long> counts = new TreeMap<>();
        unknownTypes.forEach((type, n) -> counts.put(type, n.sum()));
        return counts;
    }

    /** A record of a batch and its event, which this consumer acts on. */
    record Received(KafkaRecord<String, String> record, CloudEvent event) {
    }

    private record Rejected(KafkaRecord<String, String> record, Throwable cause) {
    }

    private Uni<Void> allInOneTransaction(String consumer, List<Received> received, Function<List<CloudEvent>, Uni<Void>> effect) {
        if (received.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<CloudEvent> events = received.stream().map(Received::event).toList();
        int[] skipped = {0};
        return Panache.withTransaction(() -> claim(consumer, events).invoke(fresh -> skipped[0] = events.size() - fresh.size())
                .chain(fresh -> fresh.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().deferred(() -> {
                    // A set-based effect over events of one call still logs with that call's id.
                    if (fresh.stream().map(CloudEvent::subject).distinct().count() == 1) {
                        aboutCall(fresh.get(0));
                    }
                    return effect.apply(fresh);
                })))
                .invoke(relay::committed)
                .invoke(() -> metrics.duplicatesSkipped(consumer, skipped[0]))
                .eventually(ConsumedEvents::leaveCall);
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
        // The calls' traces (EventSpans) are recorded with the first chunk: a later request of this service
        // about one of them continues it (Outbox).
        String traces = traces(events);
        boolean first = true;
        for (List<UUID> chunk : ListParameters.chunks(ids)) {
            String chunkTraces = first ? traces : "[]";
            first = false;
            inserted = inserted.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                            with traced as (insert into huying_call_trace (call_id, traceparent)
                                            select r.call_id, r.traceparent
                                            from jsonb_to_recordset(cast(cast(:traces as text) as jsonb)) as r(call_id text, traceparent text)
                                            order by r.call_id
                                            on conflict (call_id) do nothing)
                            insert into huying_processed_event (consumer, event_id)
                            select :consumer, id from huying_uuids(:ids) as ids(id)
                            on conflict do nothing
                            returning cast(event_id as text)""")
                    .setParameter("consumer", consumer).setParameter("ids", chunk).setParameter("traces", chunkTraces)
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

    /** The trace each call of {@code events} is consumed in ({@link CallTraces#named}), once per call, as JSON rows. */
    private String traces(List<CloudEvent> events) {
        Map<String, String> byCall = new TreeMap<>();
        for (CloudEvent e : events) {
            String traceparent = CallTraces.named(e.subject());
            if (e.subject() != null && traceparent != null) {
                byCall.putIfAbsent(e.subject(), traceparent);
            }
        }
        ArrayNode rows = json.createArrayNode();
        byCall.forEach((call, traceparent) -> rows.addObject().put("call_id", call).put("traceparent", traceparent));
        return rows.toString();
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
                .onItem().transformToUniAndConcatenate(e -> Uni.createFrom().deferred(() -> {
                    aboutCall(e);
                    return effect.apply(e);
                }).call(ConsumedEvents::flushAndClear))
                .collect().last().replaceWithVoid()
                .eventually(ConsumedEvents::leaveCall);
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
                .onItem().transformToUniAndConcatenate(r -> patiently(consumer, r.event(), effect, 0)
                        .onFailure().recoverWithItem(e -> {
                            rejected.add(new Rejected(r.record(), e));
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    /**
     * Applies one event in its own transaction until it is done or known to be undoable. A failure
     * that passes by itself (the database or the broker out of reach, a pool timeout, a lock or
     * serialization conflict: {@link TransientFailures}, or any failure while the database does not
     * answer) is waited out with backoff up to {@code huying.consumer.max-backoff}, for as long as it
     * lasts: the consumer holds its partitions (SmallRye pauses them while the batch is unfinished)
     * and readiness is DOWN ({@link Stalls}). An {@link UnprocessableEvent} fails at once; any other
     * failure after {@code huying.consumer.max-retries} retries.
     */
    private Uni<Void> patiently(String consumer, CloudEvent event, Function<CloudEvent, Uni<Void>> effect, int attempt) {
        return Uni.createFrom().deferred(() -> once(consumer, event, effect)).replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    if (unprocessable(e)) {
                        return Uni.createFrom().failure(e);
                    }
                    return passes(e).chain(passes -> {
                        if (!passes && attempt >= maxRetries) {
                            return Uni.createFrom().failure(e);
                        }
                        if (passes) {
                            if (!stalls.snapshot().containsKey(consumer)) {
                                Log.warnf("%s waits for a failure to pass before applying %s %s: %s", consumer, event.type(), event.id(), Stalls.describe(e));
                            }
                            stalls.stalled(consumer, e);
                        }
                        return after(backoff(attempt)).chain(() -> patiently(consumer, event, effect, attempt + 1));
                    });
                });
    }

    private Duration backoff(int attempt) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempt, 16));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** Whether {@code failure} passes by itself: a transient kind, or any kind while the database does not answer. */
    private Uni<Boolean> passes(Throwable failure) {
        if (TransientFailures.isTransient(failure)) {
            return Uni.createFrom().item(Boolean.TRUE);
        }
        return Panache.withSession(() -> Panache.getSession().chain(session -> NativeSelects.create(session, "select 1", Integer.class).getSingleResult()))
                .ifNoItem().after(Duration.ofSeconds(2)).fail()
                .map(answered -> Boolean.FALSE)
                .onFailure().recoverWithItem(Boolean.TRUE);
    }

    /** Completes after {@code wait}, on the caller's Vert.x context when there is one (Hibernate Reactive needs it). */
    private static Uni<Void> after(Duration wait) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait);
        }
        return Uni.createFrom().emitter(emitter -> context.owner().setTimer(Math.max(1, wait.toMillis()),
                id -> context.runOnContext(ignored -> emitter.complete(null))));
    }

    private Uni<Void> deadLetter(String consumer, List<Rejected> rejected, EventSpans spans) {
        return Multi.createFrom().iterable(rejected)
                .onItem().transformToUniAndConcatenate(r -> {
                    spans.failed(r.record(), r.cause());
                    Log.warnf("%s gives up on a record of %s-%d (key %s), sending it to the dead-letter topic: %s", consumer,
                            r.record().getTopic(), r.record().getPartition(), r.record().getKey(), r.cause().getMessage());
                    // SmallRye's dead-letter strategy writes the reason's message to the dead-letter-reason header.
                    // To <its topic>.dlq even when the channel reads several topics.
                    Metadata toItsTopic = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                            .withTopic(Topics.deadLetterOf(r.record().getTopic())).build());
                    return Uni.createFrom().completionStage(r.record().nack(
                            new DeadLetteredException(consumer + ": " + r.cause().getMessage(), r.cause()), toItsTopic))
                            .invoke(() -> metrics.deadLettered(Topics.deadLetterOf(r.record().getTopic())));
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
        return Panache.withTransaction(() -> {
            aboutCall(event);
            return applyOnce(consumer, event, effect);
        }).invoke(relay::committed)
                .invoke(applied -> metrics.duplicatesSkipped(consumer, applied ? 0 : 1)).eventually(ConsumedEvents::leaveCall);
    }

    /**
     * The log context's call id (MDC {@value #CALL_ID}) and trace (MDC {@code traceId}, {@code spanId}: the
     * span consuming the event): what is logged while the event's effect runs names both.
     */
    private static void aboutCall(CloudEvent event) {
        if (event.subject() == null) {
            MDC.remove(CALL_ID);
        } else {
            MDC.put(CALL_ID, event.subject());
        }
        SpanContext span = CallTraces.parse(CallTraces.forCall(event.subject()));
        if (span.isValid()) {
            MDC.put(TRACE_ID, span.getTraceId());
            MDC.put(SPAN_ID, span.getSpanId());
        }
    }

    /** The log context no longer names a call or its trace. */
    private static void leaveCall() {
        MDC.remove(CALL_ID);
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
    }

    private static final String TRACE_ID = "traceId";
    private static final String SPAN_ID = "spanId";

    /** The MDC key of the call an event or request is about (a field of every JSON log line written meanwhile). */
    public static final String CALL_ID = "callId";

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
