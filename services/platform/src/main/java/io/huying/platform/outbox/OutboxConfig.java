package io.huying.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the outbox relay ({@code huying.outbox.*}). */
@ConfigMapping(prefix = "huying.outbox")
public interface OutboxConfig {
    /** Off only in tests that drive a relay by hand. */
    @WithDefault("true")
    boolean relayEnabled();

    /** Rows published per transaction. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay waits for a commit notification before looking again anyway. */
    @WithDefault("1s")
    Duration idleWait();

    /** First pause after a failed batch; doubles up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("10s")
    Duration maxBackoff();

    /** Kafka's delivery.timeout.ms: how long one send may take, retries included. */
    @WithDefault("15s")
    Duration deliveryTimeout();
}
