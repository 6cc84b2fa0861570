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

    /**
     * How long an idle relay waits before looking again anyway: for rows of other instances, and of
     * work that did not report its commit ({@link OutboxRelay#committed()}). Tests set it to 30 s, so
     * that an event a test sees within its wait was published because its work reported its commit.
     * Every 5 s by default: a look costs a transaction in the service and in PostgreSQL, and an idle
     * stack's looks add up (docs/benchmarks.md, idle); rows of an instance that died are published
     * within that much by the others.
     */
    @WithDefault("5s")
    Duration idleWait();

    /**
     * How long a relay woken by a commit waits before publishing, so that the rows of the commits
     * in that time go in one batch: fewer, larger transactions and Kafka requests here and fewer,
     * larger batches for every consumer downstream, for that much more latency.
     */
    @WithDefault("0ms")
    Duration linger();

    /** First pause after a failed batch; doubles up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("10s")
    Duration maxBackoff();

    /**
     * Attempts Kafka refuses for good (not a broker out of reach) before a row is parked in
     * {@code huying_outbox_parked} and the rows behind it go on.
     */
    @WithDefault("5")
    int maxAttempts();

    /** Kafka's delivery.timeout.ms: how long one send may take, retries included. */
    @WithDefault("15s")
    Duration deliveryTimeout();
}
