package io.huying.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Topics;
import io.huying.contracts.kafka.EventRecords;
import io.huying.platform.inbox.ProbeConsumer;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.huying.testing.TopicProbe;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One call is one trace: a consumed event's span is a child of the trace context the event carries,
 * and the events its effect writes to the outbox carry that span's context — as the CloudEvents
 * traceparent attribute and as the record's traceparent header — so the next consumer's span is a
 * child of it. On the real tests broker and database, with the spans in memory.
 */
@QuarkusTest
class TracingTest {
    private static final String CONSUMER_SPAN = "platform-probe process";

    @Inject
    ObjectMapper json;
    @Inject
    InMemorySpanExporter spans;
    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;

    private TestEvents events;
    private TopicProbe feedback;

    @BeforeEach
    void open() {
        events = new TestEvents(json);
        feedback = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.FEEDBACK);
    }

    @AfterEach
    void close() {
        events.close();
        feedback.close();
    }

    @Test
    void anEventsEffectAndTheEventsItAnnouncesContinueItsTrace() throws Exception {
        String traceId = hex(16);
        String parentSpan = hex(8);
        UUID call = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        events.publishRaw(Topics.FEEDBACK, call.toString(), announce(eventId, call, "00-" + traceId + "-" + parentSpan + "-01"));

        ConsumerRecord<String, String> announced = announced(call);
        assertThat(ProbeConsumer.LOGGED_TRACE.get(eventId)).as("the trace id in the log context (MDC traceId) while the effect ran")
                .isEqualTo(traceId);
        String header = header(announced);
        JsonNode event = json.readTree(announced.value());
        assertThat(event.path("traceparent").asText()).as("the attribute and the header agree").isEqualTo(header);
        assertThat(header).as("the announcement continues the event's trace").startsWith("00-" + traceId + "-");

        SpanData consumed = awaitSpan(s -> s.getTraceId().equals(traceId) && s.getParentSpanId().equals(parentSpan));
        assertThat(consumed.getName()).isEqualTo(CONSUMER_SPAN);
        assertThat(consumed.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(consumed.getAttributes().asMap().toString()).contains(call.toString(), Topics.FEEDBACK);
        assertThat(header).as("its parent is the span that consumed the event").isEqualTo("00-" + traceId + "-" + consumed.getSpanId() + "-01");

        // The probe consumes its own announcement too: that span is the next link of the same trace.
        String announcementSpan = consumed.getSpanId();
        SpanData next = awaitSpan(s -> s.getTraceId().equals(traceId) && s.getParentSpanId().equals(announcementSpan));
        assertThat(next.getName()).isEqualTo(CONSUMER_SPAN);
    }

    @Test
    void aTraceparentHeaderIsFollowedWhenTheEventCarriesNone() throws Exception {
        String traceId = hex(16);
        String parentSpan = hex(8);
        UUID call = UUID.randomUUID();
        events.publishRaw(Topics.FEEDBACK, call.toString(), announce(call, null),
                Map.of(EventRecords.TRACEPARENT_HEADER, "00-" + traceId + "-" + parentSpan + "-01"));

        SpanData consumed = awaitSpan(s -> s.getTraceId().equals(traceId) && s.getParentSpanId().equals(parentSpan));
        assertThat(header(announced(call))).isEqualTo("00-" + traceId + "-" + consumed.getSpanId() + "-01");
    }

    @Test
    void anEventWithoutTraceContextStartsATraceItsAnnouncementsContinue() throws Exception {
        UUID call = UUID.randomUUID();
        events.publishRaw(Topics.FEEDBACK, call.toString(), announce(call, null));

        String header = header(announced(call));
        String traceId = header.substring(3, 35);
        SpanData consumed = awaitSpan(s -> s.getTraceId().equals(traceId) && s.getAttributes().asMap().toString().contains(call.toString())
                && !s.getParentSpanContext().isValid());
        assertThat(header).isEqualTo("00-" + traceId + "-" + consumed.getSpanId() + "-01");
    }

    @Test
    void anEventWrittenLaterOutsideAnyConsumerContinuesTheTraceTheServiceFirstMetTheCallIn() throws Throwable {
        String traceId = hex(16);
        UUID call = UUID.randomUUID();
        events.publishRaw(Topics.FEEDBACK, call.toString(), announce(call, "00-" + traceId + "-" + hex(8) + "-01"));
        String consumedIn = header(announced(call));

        // As a request of this service about the call would, days later: no consumer names its trace.
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.append(Topics.FEEDBACK, "platform",
                "huying.test.probed.v1", call, Instant.now(), Map.of("note", "later"))).invoke(relay::committed));
        ConsumerRecord<String, String> later = feedback.await(r -> call.toString().equals(r.key()) && r.value().contains("\"later\""),
                1, Duration.ofSeconds(30)).get(0);
        assertThat(header(later)).as("the span this service first met the call in is its parent").isEqualTo(consumedIn);
        assertThat(json.readTree(later.value()).path("traceparent").asText()).isEqualTo(consumedIn);
    }

    private ConsumerRecord<String, String> announced(UUID call) {
        List<ConsumerRecord<String, String>> found = feedback.await(r -> call.toString().equals(r.key()) && r.value().contains("\"announced\""),
                1, Duration.ofSeconds(30));
        return found.get(0);
    }

    private SpanData awaitSpan(java.util.function.Predicate<SpanData> wanted) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream().anyMatch(wanted));
        return spans.getFinishedSpanItems().stream().filter(wanted).findFirst().orElseThrow();
    }

    private static String header(ConsumerRecord<String, String> record) {
        Header h = record.headers().lastHeader(EventRecords.TRACEPARENT_HEADER);
        assertThat(h).as("the record's traceparent header").isNotNull();
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String announce(UUID call, String traceparent) {
        return announce(UUID.randomUUID(), call, traceparent);
    }

    private static String announce(UUID eventId, UUID call, String traceparent) {
        return """
                {"specversion":"1.0","id":"%s","source":"/huying/test","type":"huying.test.probed.v1",
                 "time":"2026-11-27T10:00:00Z","subject":"%s","datacontenttype":"application/json",%s
                 "data":{"note":"announce"}}""".formatted(eventId, call,
                traceparent == null ? "" : "\"traceparent\":\"" + traceparent + "\",").replace("\n", "");
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
