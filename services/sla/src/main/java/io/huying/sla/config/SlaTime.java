package io.huying.sla.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * "Now" for the timer poller: the system clock. A bean, so tests can move time forward instead of
 * waiting for deadlines.
 */
public class SlaTime {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
