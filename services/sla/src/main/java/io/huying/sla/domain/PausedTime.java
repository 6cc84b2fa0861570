package io.huying.sla.domain;

import java.time.Duration;

/**
 * 挂起 — time a clock spent paused, kept in both measures so that a policy change from clock to working
 * units (or back) still knows how long the clock was stopped.
 */
public record PausedTime(Duration clock, Duration working) {
    public static final PausedTime NONE = new PausedTime(Duration.ZERO, Duration.ZERO);

    public PausedTime plus(PausedTime other) {
        return new PausedTime(clock.plus(other.clock), working.plus(other.working));
    }

    public PausedTime minus(PausedTime other) {
        return new PausedTime(clock.minus(other.clock), working.minus(other.working));
    }

    /** The measure that counts for {@code unit}. */
    public Duration in(SlaDuration.Unit unit) {
        return unit.working() ? working : clock;
    }
}
