package io.huying.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.huying.contracts.Topics;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code huying.outbox.linger}: a relay woken by a reported commit waits that long, so the rows of
 * the commits reported meanwhile go out in the same look — one transaction and one produce request
 * for them all (intake lingers 100 ms: raises come one request at a time). Here the linger is 2 s and
 * the idle look every ten minutes, so three commits reported one after the other are published by
 * exactly one look. On the real tests broker and database, with the platform's probe consumer off,
 * so that nothing else appends rows meanwhile.
 */
@QuarkusTest
@TestProfile(OutboxLingerTest.Lingering.class)
class OutboxLingerTest {
    public static class Lingering implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Without the probe consumer: in a full run it works through the events earlier tests left on
            // huying.feedback, and its effects append rows of their own into the window this test counts.
            return Map.of("huying.outbox.idle-wait", "10m", "huying.outbox.linger", "2s", "mp.messaging.incoming.probe-events.enabled", "false");
        }
    }

    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    MeterRegistry registry;

    @Test
    void commitsReportedWithinTheLingerArePublishedByOneLook() throws Throwable {
        // Rows an earlier test application left unpublished go out in this relay's first look, which starts
        // with the application and may still be under way (its producer connects first): let it finish.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            double published = registry.counter("huying.outbox.published").count();
            Thread.sleep(300);
            return relay.pending() == 0 && registry.counter("huying.outbox.published").count() == published;
        });
        try (TopicProbe responses = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.RESPONSES)) {
            double looksBefore = registry.counter("huying.outbox.batches").count();
            double rowsBefore = registry.counter("huying.outbox.published").count();
            List<String> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                UUID call = UUID.randomUUID();
                calls.add(call.toString());
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.append(Topics.RESPONSES, "platform",
                                "huying.test.probed.v1", call, Instant.now(), Map.of("note", "lingered")))
                        .invoke(relay::committed));
            }

            assertThat(responses.awaitDistinct(r -> calls.contains(r.key()), 3, Duration.ofSeconds(20))).hasSize(3);
            assertThat(registry.counter("huying.outbox.published").count() - rowsBefore).isEqualTo(3);
            assertThat(registry.counter("huying.outbox.batches").count() - looksBefore)
                    .as("looks that published the three rows").isEqualTo(1);
        }
    }
}
