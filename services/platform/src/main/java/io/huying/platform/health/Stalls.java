package io.huying.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What in this service is waiting for the database or the broker to come back: a consumer holding
 * its partitions while a failure passes, the outbox relay backing off, a timer poller restarting.
 * Readiness is DOWN while anything is stalled ({@link StallsCheck}); liveness is not affected.
 */
@ApplicationScoped
public class Stalls {
    /** One stalled component: since when, why, and how many attempts have failed so far. */
    public record Stall(Instant since, String reason, long attempts) {
    }

    private final Map<String, Stall> stalled = new ConcurrentHashMap<>();

    /** {@code component} failed again for {@code reason}; the first failure of a streak sets {@code since}. */
    public void stalled(String component, Throwable reason) {
        String why = describe(reason);
        stalled.compute(component, (c, was) -> was == null
                ? new Stall(Instant.now(), why, 1)
                : new Stall(was.since(), why, was.attempts() + 1));
    }

    /** {@code component} works again. */
    public void recovered(String component) {
        stalled.remove(component);
    }

    public boolean any() {
        return !stalled.isEmpty();
    }

    /** The stalled components by name. */
    public Map<String, Stall> snapshot() {
        return new TreeMap<>(stalled);
    }

    /** A failure in one line: its class and message, and its first cause's. */
    public static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        if (e.getCause() != null && e.getCause() != e) {
            s.append(" (").append(e.getCause().getClass().getSimpleName()).append(": ").append(e.getCause().getMessage()).append(')');
        }
        return s.toString();
    }
}
