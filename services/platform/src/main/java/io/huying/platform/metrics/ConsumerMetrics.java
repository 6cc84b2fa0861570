package io.huying.platform.metrics;

import io.huying.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the idempotent consumers count: events skipped because their consumer had applied them before
 * ({@code huying_consumer_duplicates_total{consumer}}) and records sent to a dead-letter topic
 * ({@code huying_dead_letters_total{topic}}, the dead-letter topic's name). The dead-letter counters
 * of every topic the service reads exist from the start at 0, so an alert on their growth has a series.
 */
// Started with the application: its meters are there (at 0) before anything happens.
@Startup
@ApplicationScoped
public class ConsumerMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> duplicates = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

    public ConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
        IncomingChannels.of(ConfigProvider.getConfig()).topics().forEach(topic -> deadLetters(Topics.deadLetterOf(topic)));
    }

    /** {@code count} events of {@code consumer} found already applied (redelivered or published twice) and skipped. */
    public void duplicatesSkipped(String consumer, int count) {
        Counter counter = duplicates.computeIfAbsent(consumer, c -> Counter.builder("huying.consumer.duplicates")
                .description("Events an idempotent consumer found already applied and skipped")
                .tag("consumer", c).register(registry));
        if (count > 0) {
            counter.increment(count);
        }
    }

    /** One record sent to {@code deadLetterTopic}. */
    public void deadLettered(String deadLetterTopic) {
        deadLetters(deadLetterTopic).increment();
    }

    private Counter deadLetters(String deadLetterTopic) {
        return deadLetters.computeIfAbsent(deadLetterTopic, t -> Counter.builder("huying.dead.letters")
                .description("Records a consumer gave up on and sent to this dead-letter topic")
                .tag("topic", t).register(registry));
    }
}
