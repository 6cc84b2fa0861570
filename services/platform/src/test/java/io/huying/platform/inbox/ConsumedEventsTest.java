package io.huying.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.Topics;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idempotent consumer and dead letters, on the real tests broker and database. */
@QuarkusTest
class ConsumedEventsTest {
    @Inject
    ObjectMapper json;
    @Inject
    ConsumedEvents consumed;

    private TestEvents events;

    @BeforeEach
    void open() {
        events = new TestEvents(json);
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void aRedeliveredEventChangesNothing() throws Exception {
        UUID id = UUID.randomUUID();
        String event = event(id, 0);
        send(event);
        send(event);
        send(event);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> effects(id) >= 1);
        // A later event of the same call (same key, so same partition) is processed after the copies.
        UUID later = UUID.randomUUID();
        send(event(later, id, 0));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> effects(later) == 1);
        assertThat(effects(id)).isEqualTo(1);
    }

    @Test
    void anEventTheConsumerDoesNotActOnLeavesNoRowAndDoesNotHoldUpTheNext() throws Exception {
        UUID ignored = UUID.randomUUID();
        send(event(ignored, ignored, 0).replace("\"note\":\"probe\"", "\"note\":\"ignored\""));
        UUID next = UUID.randomUUID();
        send(event(next, ignored, 0));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> effects(next) == 1);
        assertThat(ProbeConsumer.ATTEMPTS).doesNotContainKey(ignored);
        assertThat(effects(ignored)).isZero();
        assertThat(LocalInfra.queryLong("platform_test", "select count(*) from huying_processed_event where event_id = ?", ignored))
                .as("no (consumer, event id) row for an event without effect").isZero();
        assertThat(LocalInfra.queryLong("platform_test", "select count(*) from huying_processed_event where event_id = ?", next)).isOne();
    }

    @Test
    void aBatchOfHundredsIsClaimedWholeEachEventOnce() throws Exception {
        UUID hold = UUID.randomUUID();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ids.add(UUID.randomUUID());
        }
        ProbeConsumer.HELD.set(hold);
        try {
            send(event(hold, 0));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ProbeConsumer.ATTEMPTS.containsKey(hold));
            // A backlog of 250 events, every one sent twice, waits behind the held batch.
            for (UUID id : ids) {
                send(event(id, hold, 0));
                send(event(id, hold, 0));
            }
        } finally {
            ProbeConsumer.LARGEST_BATCH.set(0); // from here on: the batches behind the held one
            ProbeConsumer.HELD.set(null);
        }
        String list = String.join(",", ids.stream().map(UUID::toString).toList());
        String count = "select count(*) from probe_effect where cast(event_id as text) = any(string_to_array(?, ','))";
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> LocalInfra.queryLong("platform_test", count, list) >= 250);
        assertThat(ProbeConsumer.LARGEST_BATCH.get()).as("records in the largest batch").isGreaterThan(200);
        assertThat(LocalInfra.queryLong("platform_test", count, list)).as("each event's effect once").isEqualTo(250);
        // Claimed by the batch's transaction (processed_at is its start), not one event at a time after a failed batch.
        assertThat(LocalInfra.queryLong("platform_test", """
                select count(distinct processed_at) from huying_processed_event
                where consumer = ? and cast(event_id as text) = any(string_to_array(?, ','))""", ProbeConsumer.CONSUMER, list))
                .as("transactions that claimed the 250 events").isLessThan(10);
    }

    @Test
    void aFailingEffectIsRetriedAndItsFailedAttemptsLeaveNoTrace() throws Exception {
        UUID id = UUID.randomUUID();
        send(event(id, 2));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> effects(id) == 1);
        assertThat(ProbeConsumer.ATTEMPTS.get(id).get()).isEqualTo(3);
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicWithItsReasonAndTheConsumerGoesOn() throws Exception {
        try (TopicProbe dlq = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.deadLetterOf("huying.feedback"))) {
            String key = UUID.randomUUID().toString();
            events.publishRaw("huying.feedback", key, "{ this is not a CloudEvent");
            UUID failing = UUID.randomUUID();
            send(event(failing, -1));
            UUID after = UUID.randomUUID();
            send(event(after, 0));

            List<ConsumerRecord<String, String>> parked = dlq.await(
                    r -> key.equals(r.key()) || failing.toString().equals(r.key()), 2, Duration.ofSeconds(60));
            assertThat(parked).hasSize(2);
            for (ConsumerRecord<String, String> record : parked) {
                String reason = new String(record.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8);
                assertThat(reason).startsWith(ProbeConsumer.CONSUMER + ": ");
                assertThat(new String(record.headers().lastHeader(DeadLetters.TOPIC_HEADER).value(), StandardCharsets.UTF_8))
                        .isEqualTo("huying.feedback");
            }
            assertThat(parked).anyMatch(r -> r.value().equals("{ this is not a CloudEvent"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> effects(after) == 1);
            assertThat(effects(failing)).isZero();
            // Once within its batch's transaction, then alone: one attempt and three retries.
            assertThat(ProbeConsumer.ATTEMPTS.get(failing).get()).isEqualTo(5);
        }
    }

    @Test
    void anOutageIsWaitedOutInOrderWithReadinessDownMeanwhileAndNothingDeadLettered() throws Exception {
        try (TopicProbe dlq = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.deadLetterOf("huying.feedback"))) {
            UUID id = UUID.randomUUID();
            // Eight attempts meet an outage (20 ms, 40 ms, … 2.56 s of backoff): more than the three retries
            // any other failure gets.
            send(event(id, 0).replace("\"failures\":0", "\"failures\":0,\"outages\":8"));
            UUID next = UUID.randomUUID();
            send(event(next, id, 0));

            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                    RestAssured.get("/q/health/ready").statusCode() == 503);
            RestAssured.get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'Huying work in progress' }.data.'" + ProbeConsumer.CONSUMER + "'",
                            containsString("ConnectException"));
            // The event behind the stalled one (same call, same partition) waits for it: read in one snapshot, the next is
            // never applied while the first is not, and at the end it was applied after it.
            long nextWithoutFirst = LocalInfra.queryLong("platform_test", """
                    select count(*) from probe_effect n where n.event_id = ?
                     and not exists (select 1 from probe_effect f where f.event_id = ?)""", next, id);
            assertThat(nextWithoutFirst).as("the event behind the stalled one applied before it").isZero();

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> effects(next) == 1);
            assertThat(effects(id)).isOne();
            assertThat(LocalInfra.queryLong("platform_test", """
                    select count(*) from probe_effect f, probe_effect n
                     where f.event_id = ? and n.event_id = ? and f.applied < n.applied""", id, next))
                    .as("applied in the order sent").isOne();
            assertThat(ProbeConsumer.ATTEMPTS.get(id).get()).as("attempts: in the batch, then alone until done").isEqualTo(9);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
            assertThat(dlq.await(r -> id.toString().equals(r.key()), 1, Duration.ofSeconds(3))).isEmpty();
        }
    }

    @Test
    void anEventOfAnUnknownTypeIsAcknowledgedAndCountedAndTheNextIsApplied() throws Exception {
        UUID unknown = UUID.randomUUID();
        send(event(unknown, 0).replace("huying.test.probed.v1", "huying.test.unheard-of.v1"));
        UUID next = UUID.randomUUID();
        send(event(next, unknown, 0));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> effects(next) == 1);
        assertThat(ProbeConsumer.ATTEMPTS).doesNotContainKey(unknown);
        assertThat(consumed.unknownTypes()).containsKey("huying.test.unheard-of.v1");
        assertThat(LocalInfra.queryLong("platform_test", "select count(*) from huying_processed_event where event_id = ?", unknown)).isZero();
    }

    @Test
    void anEventOfALaterVersionIsApplied() throws Exception {
        UUID id = UUID.randomUUID();
        // An extension attribute and a data field this version does not know, as a newer producer sends them.
        events.publishRaw("huying.feedback", id.toString(), event(id, 0)
                .replace("\"datacontenttype\"", "\"partnerext\":\"x\",\"datacontenttype\"")
                .replace("\"note\":\"probe\"", "\"note\":\"probe\",\"severity\":{\"level\":3}"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> effects(id) == 1);
    }

    @Test
    void whatAnEffectLogsNamesItsCall() throws Exception {
        UUID call = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        send(event(id, call, 0));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> effects(id) == 1);
        assertThat(ProbeConsumer.LOGGED_CALL.get(id)).as("MDC callId while the effect ran").isEqualTo(call.toString());
    }

    /** Sent exactly as the outbox relay sends (structured CloudEvent with its content-type header). */
    private void send(String event) throws Exception {
        events.publish("huying.feedback", json.readValue(event, CloudEvent.class));
    }

    private static String event(UUID id, int failures) {
        return event(id, id, failures);
    }

    private static String event(UUID id, UUID callId, int failures) {
        return """
                {"specversion":"1.0","id":"%s","source":"/huying/test","type":"huying.test.probed.v1",
                 "time":"2026-11-27T10:00:00Z","subject":"%s","datacontenttype":"application/json",
                 "data":{"note":"probe","failures":%d}}""".formatted(id, callId, failures).replace("\n", "");
    }

    private static long effects(UUID id) {
        return LocalInfra.queryLong("platform_test", "select count(*) from probe_effect where event_id = ?", id);
    }
}
