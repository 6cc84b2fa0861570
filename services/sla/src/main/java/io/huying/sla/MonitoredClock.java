package io.huying.sla;

import io.huying.contracts.events.SlaEscalated;
import java.time.Instant;
import java.util.List;

/**
 * A clock as the ops views watch it: with the highest rung of the escalation ladder fired for it (URGE 催办,
 * SUPERVISE 督办, NOTIFY 通报; null when none) and when its latest escalation fired.
 */
public record MonitoredClock(SlaClock clock, SlaEscalated.Level escalation, Instant escalatedAt) {

    /** One page of clocks. */
    public record Page(List<MonitoredClock> items, int page, int size, long total) {
    }
}
