package io.huying.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: DOWN while a consumer, the outbox relay or a poller waits for the database or the broker ({@link Stalls}). */
@Readiness
@ApplicationScoped
public class StallsCheck implements HealthCheck {
    private final Stalls stalls;

    public StallsCheck(Stalls stalls) {
        this.stalls = stalls;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Huying work in progress").status(!stalls.any());
        stalls.snapshot().forEach((component, stall) -> response.withData(component,
                "stalled since " + stall.since() + " after " + stall.attempts() + " attempts: " + stall.reason()));
        return response.build();
    }
}
