package io.huying.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every incoming Kafka channel gets the defaults once; a channel's own setting wins; other channels get none. */
class IncomingChannelDefaultsTest {

    @Test
    void aKafkaChannelStartsEarliestDeadLettersAndNamesItsDeadLetterTopicAfterItsFirstTopic() {
        SmallRyeConfig config = configOf(Map.of(
                "mp.messaging.incoming.calls.connector", "smallrye-kafka",
                "mp.messaging.incoming.calls.topic", "huying.calls",
                "mp.messaging.incoming.timeline.connector", "smallrye-kafka",
                "mp.messaging.incoming.timeline.topics", "huying.tasks, huying.calls"));

        assertThat(config.getValue("mp.messaging.incoming.calls.auto.offset.reset", String.class)).isEqualTo("earliest");
        assertThat(config.getValue("mp.messaging.incoming.calls.failure-strategy", String.class)).isEqualTo("dead-letter-queue");
        assertThat(config.getValue("mp.messaging.incoming.calls.dead-letter-queue.topic", String.class)).isEqualTo("huying.calls.dlq");
        assertThat(config.getValue("mp.messaging.incoming.timeline.dead-letter-queue.topic", String.class)).isEqualTo("huying.tasks.dlq");
        assertThat(config.getPropertyNames()).contains("mp.messaging.incoming.timeline.auto.offset.reset");
    }

    @Test
    void aChannelsOwnSettingWinsAndAChannelOfAnotherConnectorGetsNothing() {
        SmallRyeConfig config = configOf(Map.of(
                "mp.messaging.incoming.calls.connector", "smallrye-kafka",
                "mp.messaging.incoming.calls.topic", "huying.calls",
                "mp.messaging.incoming.calls.failure-strategy", "ignore",
                "mp.messaging.incoming.ticks.connector", "smallrye-in-memory"));

        assertThat(config.getValue("mp.messaging.incoming.calls.failure-strategy", String.class)).isEqualTo("ignore");
        assertThat(config.getOptionalValue("mp.messaging.incoming.ticks.failure-strategy", String.class)).isEmpty();
    }

    @Test
    void aRunningServiceHasTheDefaultsOfItsChannelFromTheFactoryItRegisters() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDiscoveredSources()
                .withSources(new PropertiesConfigSource(Map.of(
                        "mp.messaging.incoming.probe.connector", "smallrye-kafka",
                        "mp.messaging.incoming.probe.topic", "huying.feedback"), "test", 250))
                .build();

        assertThat(config.getValue("mp.messaging.incoming.probe.dead-letter-queue.topic", String.class)).isEqualTo("huying.feedback.dlq");
    }

    private static SmallRyeConfig configOf(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 250))
                .withSources(new IncomingChannelDefaults()).build();
    }
}
