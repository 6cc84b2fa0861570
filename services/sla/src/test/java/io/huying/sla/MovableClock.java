package io.huying.sla;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The tests' "now": the system clock unless a test sets or moves it, so deadlines can pass without
 * waiting. Replaces the platform's clock (ServiceClock) in every test.
 */
@Alternative
@Priority(1)
@Singleton
public class MovableClock extends Clock {
    private volatile Instant fixed;
    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant instant() {
        Instant at = fixed;
        return at != null ? at : Instant.now().plus(offset);
    }

    /** From now on "now" is {@code at}, standing still. */
    public void set(Instant at) {
        fixed = at;
    }

    /** Moves "now" forward by {@code amount}. */
    public void advance(Duration amount) {
        Instant at = fixed;
        if (at != null) {
            fixed = at.plus(amount);
        } else {
            offset = offset.plus(amount);
        }
    }

    /** Back to the system clock. */
    public void reset() {
        fixed = null;
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
