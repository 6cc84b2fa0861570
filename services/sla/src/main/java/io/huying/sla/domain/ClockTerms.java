package io.huying.sla.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a clock's deadline is computed from: its start, the policy's duration and warning thresholds,
 * an approved extension (延期: an absolute deadline, with the paused time already counted when it was
 * granted) and the time spent paused (挂起). Nothing here depends on "now", so a recompute with a new
 * policy or calendar keeps the time already used.
 */
public record ClockTerms(
        Instant start,
        SlaDuration duration,
        List<Integer> warnings,
        Instant extendedDeadline,
        PausedTime paused,
        PausedTime pausedAtExtension) {

    public ClockTerms {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        warnings = List.copyOf(warnings);
        paused = paused == null ? PausedTime.NONE : paused;
        pausedAtExtension = pausedAtExtension == null ? PausedTime.NONE : pausedAtExtension;
    }

    public static ClockTerms of(Instant start, SlaDuration duration, List<Integer> warnings) {
        return new ClockTerms(start, duration, warnings, null, PausedTime.NONE, PausedTime.NONE);
    }
}
