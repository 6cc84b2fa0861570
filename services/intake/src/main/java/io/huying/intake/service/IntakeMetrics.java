package io.huying.intake.service;

import io.huying.contracts.Channel;
import io.huying.intake.Call;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code huying_calls_total{outcome,channel}}: calls raised (stored with a number), and of those the
 * accepted (立项), merged into an earlier call and rejected, by channel — counted when their transaction
 * commits; a replayed Idempotency-Key counts nothing. Every channel × outcome exists from the start at 0.
 */
// Started with the application: its meters are there (at 0) before anything happens.
@Startup
@ApplicationScoped
public class IntakeMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Channel channel : Channel.values()) {
            for (String outcome : new String[] {"raised", "accepted", "pending_review", "merged", "rejected"}) {
                counter(outcome, channel.name());
            }
        }
    }

    /** A call stored by a committed transaction. */
    void stored(Call call) {
        String channel = call.channel == null ? "UNKNOWN" : call.channel.name();
        counter("raised", channel).increment();
        counter(call.status.name().toLowerCase(Locale.ROOT), channel).increment();
    }

    private Counter counter(String outcome, String channel) {
        return counters.computeIfAbsent(outcome + "|" + channel, k -> Counter.builder("huying.calls")
                .description("Calls raised, and accepted (立项), held for review (待立项审核), merged or rejected, by channel")
                .tags("outcome", outcome, "channel", channel).register(registry));
    }
}
