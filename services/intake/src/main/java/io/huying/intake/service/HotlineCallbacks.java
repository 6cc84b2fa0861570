package io.huying.intake.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.reference.OrgUnit;
import io.huying.intake.HotlineCallback;
import io.huying.intake.HotlineStep;
import io.huying.intake.TimelineEntry;
import io.huying.intake.config.HotlineConfig;
import io.huying.intake.config.IntakeConfig;
import io.huying.intake.repository.HotlineCallbackRepository;
import io.huying.platform.reference.Organisation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * 回传 — posts the steps of 12345 orders back to the 12345 platform: at least once, in order per order (one
 * order's next step only after its previous one was taken), signed with HMAC-SHA256, retried with a
 * doubling wait. The timeline records the steps ({@link #steps}) in the transaction that projects them;
 * a sender every {@code huying.hotline.deliver-every} claims each order's oldest open step, posts the
 * claimed steps side by side, and records how each went. A 2xx answer is taken; anything else, or no
 * answer, is tried again later, without end (the order's later steps wait behind it).
 *
 * <p>Each post is {@code POST <callback-url>} with a JSON body and the headers
 * {@value #TIMESTAMP} (Unix seconds), {@value #SIGNATURE} ({@code sha256=} and the hex HMAC-SHA256 of
 * {@code <timestamp>.<body>} under the shared secret) and {@value #DELIVERY} (the step's id, the same on
 * every retry: the receiver's key for taking a step once).
 */
// Started with the application: its gauges are there (at 0) before any order comes.
@Startup
@ApplicationScoped
public class HotlineCallbacks {
    public static final String SIGNATURE = "X-Huying-Signature";
    public static final String TIMESTAMP = "X-Huying-Timestamp";
    public static final String DELIVERY = "X-Huying-Delivery";
    /** The most steps one round claims. */
    private static final int BATCH = 100;
    /** How long a claimed step is held by its sender: longer than any post may take. */
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final HotlineCallbackRepository callbacks;
    private final HotlineConfig config;
    private final ObjectMapper json;
    private final Organisation organisation;
    private final Clock clock;
    private final ZoneId zone;
    private final HttpClient http;
    private final Counter delivered;
    private final Counter failed;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();

    public HotlineCallbacks(HotlineCallbackRepository callbacks, HotlineConfig config, IntakeConfig intake, ObjectMapper json, Organisation organisation,
            Clock clock, MeterRegistry registry) {
        this.callbacks = callbacks;
        this.config = config;
        this.json = json;
        this.organisation = organisation;
        this.clock = clock;
        this.zone = intake.zone();
        if (config.callbackUrl().isPresent() && config.callbackSecret().filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("huying.hotline.callback-url is set: huying.hotline.callback-secret must be set too");
        }
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
        this.delivered = Counter.builder("huying.hotline.callbacks").description("12345 status callbacks (回传) posted, by outcome")
                .tag("outcome", "delivered").register(registry);
        this.failed = Counter.builder("huying.hotline.callbacks").description("12345 status callbacks (回传) posted, by outcome")
                .tag("outcome", "failed").register(registry);
        Gauge.builder("huying.hotline.callbacks.waiting", waiting, AtomicLong::get)
                .description("12345 status callbacks (回传) not taken by the 12345 platform yet").register(registry);
        Gauge.builder("huying.hotline.callbacks.oldest.age", oldestAgeMillis, a -> a.get() / 1000.0).baseUnit("seconds")
                .description("How long ago the oldest step not taken yet happened").register(registry);
    }

    @Scheduled(every = "${huying.metrics.refresh-every:15s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshGauges() {
        try {
            VertxContextSupport.subscribeAndAwait(this::refreshWaiting);
        } catch (Throwable e) {
            Log.debugf("reading the 12345 callbacks waiting failed; the gauges keep their last values: %s", e.getMessage());
        }
    }

    /** Reads the steps waiting to be taken, for the gauges. */
    public Uni<Void> refreshWaiting() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        select count(*), coalesce(cast(extract(epoch from (now() - min(at))) * 1000 as bigint), 0)
                        from hotline_callback where delivered_at is null""", Object[].class).getSingleResult()))
                .invoke(row -> {
                    waiting.set(((Number) row[0]).longValue());
                    oldestAgeMillis.set(Math.max(0, ((Number) row[1]).longValue()));
                }).replaceWithVoid();
    }

    /**
     * The steps among a batch of timeline events, as the rows {@link HotlineCallbackRepository#record} takes;
     * {@code entries} holds each event's timeline step (its unit and note), or null.
     */
    static ArrayNode steps(ObjectMapper json, List<CloudEvent> events, List<TimelineEntry> entries) {
        ArrayNode rows = json.createArrayNode();
        for (int i = 0; i < events.size(); i++) {
            CloudEvent event = events.get(i);
            TimelineEntry entry = entries.get(i);
            HotlineStep step = entry == null ? null : HotlineStep.of(event);
            if (step != null) {
                rows.addObject().put("event_id", event.id().toString()).put("call_id", entry.callId.toString()).put("step", step.name())
                        .put("at", entry.at.toString()).put("unit_path", entry.unitPath).put("note", entry.note)
                        .put("own", HotlineStep.ownOnly(event));
            }
        }
        return rows;
    }

    @Scheduled(every = "${huying.hotline.deliver-every:1s}", delayed = "${huying.hotline.deliver-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deliverOnSchedule() {
        if (config.callbackUrl().isEmpty()) {
            return;
        }
        try {
            int posted;
            do {
                posted = VertxContextSupport.subscribeAndAwait(this::deliverDue);
            } while (posted == BATCH);
        } catch (Throwable e) {
            Log.warnf("posting 12345 status callbacks failed; the sender tries again at its next turn: %s", e.getMessage());
        }
    }

    /** One round: claims the due steps, posts them side by side, records the outcomes; how many it posted. */
    public Uni<Integer> deliverDue() {
        URI url = config.callbackUrl().orElseThrow();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // The lease's exact value marks this claim's rows: a concurrent sender's claim has another.
        Instant leaseUntil = now.plus(LEASE).plusNanos(1000L * (UUID.randomUUID().getLeastSignificantBits() & 0x3FF));
        // The answers come on the HTTP client's threads; the outcomes are recorded back on this context.
        Context context = Vertx.currentContext();
        return Panache.withTransaction(() -> callbacks.claim(now, now.minus(config.settle()), leaseUntil, BATCH))
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0)
                        : Uni.join().all(claimed.stream().map(c -> post(url, c)).toList()).andFailFast()
                                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                                .chain(outcomes -> record(outcomes).replaceWith(claimed.size())));
    }

    /** How one post went: the HTTP status (0: no answer) and the error, if it was not taken. */
    private record Outcome(UUID id, int attempts, int status, String error) {
        boolean taken() {
            return status >= 200 && status < 300;
        }
    }

    private Uni<Outcome> post(URI url, HotlineCallback c) {
        String body = body(c);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(config.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header(TIMESTAMP, timestamp)
                .header(SIGNATURE, "sha256=" + sign(config.callbackSecret().orElseThrow(), timestamp + "." + body))
                .header(DELIVERY, c.id.toString())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .map(answer -> new Outcome(c.id, c.attempts, answer.statusCode(),
                        answer.statusCode() / 100 == 2 ? null : "HTTP " + answer.statusCode()))
                .onFailure().recoverWithItem(e -> new Outcome(c.id, c.attempts, 0, e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())));
    }

    /** Taken steps are done; the others wait {@code retry-initial × 2^(attempts−1)}, at most {@code retry-max}. */
    private Uni<Void> record(List<Outcome> outcomes) {
        Instant now = clock.instant();
        Map<UUID, Outcome> byId = outcomes.stream().collect(Collectors.toMap(Outcome::id, Function.identity()));
        return Panache.withTransaction(() -> callbacks.list("id in ?1", List.copyOf(byId.keySet())).invoke(rows -> {
            for (HotlineCallback c : rows) {
                Outcome o = byId.get(c.id);
                c.leaseUntil = null;
                c.lastStatus = o.status() == 0 ? null : o.status();
                if (o.taken()) {
                    c.deliveredAt = now;
                    c.lastError = null;
                    delivered.increment();
                } else {
                    c.nextAttemptAt = now.plus(backoff(o.attempts()));
                    c.lastError = o.error().length() > 500 ? o.error().substring(0, 500) : o.error();
                    failed.increment();
                    Log.infof("12345 callback %s of order %s (step %s, attempt %d) not taken: %s; next try at %s",
                            c.seq, c.orderNo, c.step, c.attempts, c.lastError, c.nextAttemptAt);
                }
            }
        })).replaceWithVoid();
    }

    Duration backoff(int attempts) {
        Duration wait = config.retryInitial();
        for (int i = 1; i < attempts && wait.compareTo(config.retryMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.retryMax()) > 0 ? config.retryMax() : wait;
    }

    /** The callback's JSON: the order, the step and its place in the order's sequence, who and when. */
    String body(HotlineCallback c) {
        ObjectNode body = json.createObjectNode();
        body.put("orderNo", c.orderNo).put("sequence", c.seq).put("step", c.step.name()).put("stepName", c.step.label())
                .put("occurredAt", c.at.atZone(zone).toOffsetDateTime().toString())
                .put("callNumber", c.callNumber);
        if (!c.stepCallNumber.equals(c.callNumber)) {
            body.put("mergedIntoCallNumber", c.stepCallNumber);
        }
        if (c.unitPath != null) {
            body.put("unitPath", c.unitPath).put("unitName", organisation.current().unit(c.unitPath).map(OrgUnit::name).orElse(c.unitPath));
        }
        body.put("note", c.note).put("deliveryId", c.id.toString());
        return body.toString();
    }

    /** The hex HMAC-SHA256 of {@code text} under {@code secret}. */
    public static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
