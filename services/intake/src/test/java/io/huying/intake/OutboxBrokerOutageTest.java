package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.platform.health.Stalls;
import io.huying.platform.outbox.OutboxConfig;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.testing.KafkaNode;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The outbox under failure, on intake's own broker (OwnBroker): the broker goes away while calls keep
 * coming, the relay is restarted and a second relay instance joins. The outbox promises at least once
 * on Kafka — a relay that loses an acknowledgement publishes a row again, under the same CloudEvent id —
 * and consumers deduplicate on that id, so each call has exactly one effect downstream.
 */
@QuarkusTest
@TestProfile(OwnBroker.class)
class OutboxBrokerOutageTest {
    private static final KafkaNode BROKER = OwnBroker.NODE;

    @Inject
    OutboxRelay relay;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    OutboxConfig config;
    @Inject
    ObjectMapper json;

    @Test
    void everyCallIsOnKafkaAtLeastOnceUnderOneEventIdAndOnItsTimelineOnceAfterABrokerOutageAndRelayRestarts() throws Exception {
        List<String> ids = new ArrayList<>();
        OutboxRelay second = new OutboxRelay(dataSource, config, new Stalls(), new SimpleMeterRegistry(), BROKER.bootstrap(), "intake-second-instance");
        try (TopicProbe probe = TopicProbe.fromNow(BROKER.bootstrap(), Topics.CALLS)) {
            for (int i = 0; i < 10; i++) {
                ids.add(raise(FENGLING, body()).then().statusCode(201).extract().path("id"));
            }
            List<String> before = List.copyOf(ids);
            assertThat(probe.awaitDistinct(r -> before.contains(r.key()), 10, Duration.ofSeconds(60))).hasSize(10);

            BROKER.stop();
            try {
                for (int i = 0; i < 10; i++) {
                    ids.add(raise(FENGLING, body()).then().statusCode(201).extract().path("id"));
                }
                assertThat(relay.pending()).as("events waiting in the outbox while the broker is down").isGreaterThanOrEqualTo(10);
                relay.stop();
                relay.start();
                second.start();
            } finally {
                BROKER.start();
            }

            // An empty outbox: every row was acknowledged by Kafka, and no relay will publish any of them again.
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> relay.pending() == 0);
            // Each call's event once more, as a relay that lost an acknowledgement sends it: a duplicate downstream
            // must absorb, whether or not this outage made one. Then a marker per call, keyed by its id: once it
            // is read (or applied), so is every copy of that call's event.
            probe.awaitDistinct(r -> ids.contains(r.key()), ids.size(), Duration.ofSeconds(60));
            try (LifecycleEvents events = new LifecycleEvents(json, BROKER.bootstrap())) {
                eventsByCall(probe, ids).values().forEach(copies -> events.redeliver(copies.get(0)));
                for (String id : ids) {
                    events.publish(Topics.CALLS, events.marker(UUID.fromString(id), Instant.now()));
                }
            }
            List<ConsumerRecord<String, String>> markers = probe.await(r -> ids.contains(r.key()) && isMarker(r), ids.size(),
                    Duration.ofSeconds(60));
            assertThat(markers).hasSize(ids.size());

            Map<String, List<ConsumerRecord<String, String>>> announced = eventsByCall(probe, ids);
            assertThat(announced.keySet()).as("every call announced").containsExactlyInAnyOrderElementsOf(ids);
            announced.forEach((id, records) -> {
                List<JsonNode> copies = records.stream().map(r -> read(r.value())).toList();
                assertThat(copies).as("copies of %s's event, one sent again by this test", id).hasSizeGreaterThanOrEqualTo(2);
                assertThat(copies.stream().map(e -> e.get("id").asText()).distinct()).as("copies of %s's event", id).hasSize(1);
                assertThat(copies).allMatch(e -> EventTypes.CALL_ACCEPTED.equals(e.get("type").asText()));
            });

            // Downstream, intake's own timeline consumer: each call's marker step shows that the consumer
            // has passed every copy of its event; 立项 is there once.
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                    ids.stream().allMatch(id -> steps(id, LifecycleEvents.MARKER) == 1));
            for (String id : ids) {
                assertThat(steps(id, "立项")).as("立项 steps of %s", id).isEqualTo(1);
            }
        } finally {
            second.stop();
            if (!relay.isRunning()) {
                relay.start();
            }
        }
    }

    private static boolean isMarker(ConsumerRecord<String, String> record) {
        return record.value().contains("\"" + LifecycleEvents.MARKER + "\"");
    }

    /** Every record of these calls on huying.calls seen so far, but the markers, by call. */
    private static Map<String, List<ConsumerRecord<String, String>>> eventsByCall(TopicProbe probe, List<String> ids) {
        Set<String> calls = Set.copyOf(ids);
        return probe.await(r -> calls.contains(r.key()) && !isMarker(r), 0, Duration.ZERO).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key));
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long steps(String callId, String label) {
        return LocalInfra.queryLong("intake_test", "select count(*) from call_timeline where call_id = ?::uuid and label = ?", callId, label);
    }
}
