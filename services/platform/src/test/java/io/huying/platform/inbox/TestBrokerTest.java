package io.huying.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.huying.contracts.Topics;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tests' Kafka node holds nothing from before this Maven run: no test can replay an earlier run's
 * history or depend on what retention trimmed of it.
 */
class TestBrokerTest {

    @Test
    void theTestsKafkaNodeHoldsOnlyRecordsOfThisMavenRun() {
        assumeTrue(LocalInfra.testRunStart().isPresent(), "outside a Maven run there is no run to start empty");
        Instant runStart = LocalInfra.testRunStart().orElseThrow();
        LocalInfra.ensureRunning();
        for (String topic : List.of(Topics.CALLS, Topics.TASKS, Topics.RESPONSES, Topics.FEEDBACK, Topics.SLA)) {
            for (String t : List.of(topic, Topics.deadLetterOf(topic))) {
                try (TopicProbe probe = TopicProbe.fromBeginning(LocalInfra.TEST_KAFKA.bootstrap(), t)) {
                    assertThat(probe.toEnd(r -> r.timestamp() < runStart.toEpochMilli()))
                            .as("records on %s older than this run (%s)", t, runStart).isEmpty();
                }
            }
        }
    }
}
