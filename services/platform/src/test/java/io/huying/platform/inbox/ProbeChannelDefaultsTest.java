package io.huying.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The running application's incoming channel, configured with none of them, has the defaults of every channel. */
@QuarkusTest
class ProbeChannelDefaultsTest {

    @Test
    void theProbeChannelStartsEarliestAndDeadLettersToItsTopicsDeadLetterTopic() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("mp.messaging.incoming.probe-events.auto.offset.reset", String.class)).isEqualTo("earliest");
        assertThat(config.getValue("mp.messaging.incoming.probe-events.failure-strategy", String.class)).isEqualTo("dead-letter-queue");
        assertThat(config.getValue("mp.messaging.incoming.probe-events.dead-letter-queue.topic", String.class)).isEqualTo("huying.feedback.dlq");
    }
}
