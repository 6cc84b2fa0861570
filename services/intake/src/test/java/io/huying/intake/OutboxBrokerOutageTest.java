package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.huying.contracts.Topics;
import io.huying.platform.outbox.OutboxConfig;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.testing.KafkaNode;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The outbox under failure: the broker goes away while calls keep coming, the relay is
 * restarted and a second relay instance joins; when the broker is back every event arrives,
 * exactly once.
 */
@QuarkusTest
class OutboxBrokerOutageTest {
    private static final KafkaNode BROKER = LocalInfra.TEST_KAFKA;

    @Inject
    OutboxRelay relay;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    OutboxConfig config;

    @Test
    void noEventIsLostOrDuplicatedWhenTheBrokerIsDownAndTheRelayRestarts() throws Exception {
        List<String> ids = new ArrayList<>();
        OutboxRelay second = new OutboxRelay(dataSource, config, BROKER.bootstrap(), "intake-second-instance");
        try (TopicProbe probe = TopicProbe.fromNow(BROKER.bootstrap(), Topics.CALLS)) {
            for (int i = 0; i < 10; i++) {
                ids.add(raise(FENGLING, body()).then().statusCode(201).extract().path("id"));
            }
            assertThat(probe.await(r -> ids.contains(r.key()), 10, Duration.ofSeconds(30))).hasSize(10);

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

            List<ConsumerRecord<String, String>> records = probe.await(r -> ids.contains(r.key()), 20, Duration.ofSeconds(90));
            records = probe.drain(r -> ids.contains(r.key()), Duration.ofSeconds(3));
            Map<String, Long> perCall = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(perCall.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(perCall.values()).allMatch(n -> n == 1L);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> relay.pending() == 0);
        } finally {
            second.stop();
            if (!relay.isRunning()) {
                relay.start();
            }
        }
    }

}
