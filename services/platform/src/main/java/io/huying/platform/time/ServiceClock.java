package io.huying.platform.time;

import io.quarkus.arc.DefaultBean;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * "Now" for every service: the system clock, or, when {@code huying.clock.offset-file} is set (the
 * local launcher's demo runs, {@code deploy/local/huying clock ...}), the system clock shifted by the
 * offset that file holds, so a demo can start on a chosen day and jump ahead to a deadline while all
 * services keep agreeing on the time. A shifted clock moves every deadline, so it is refused outside
 * a demo: a service started with the property set but without the {@code local}, {@code dev} or
 * {@code test} profile does not start.
 */
public class ServiceClock {
    /** The profiles in which the clock may be shifted; the local launcher runs the services as {@code prod,local}. */
    static final Set<String> DEMO_PROFILES = Set.of("local", "dev", "test");

    @Produces
    @Singleton
    @DefaultBean
    Clock clock(@ConfigProperty(name = "huying.clock.offset-file") Optional<Path> offsetFile) {
        if (offsetFile.isEmpty()) {
            return Clock.systemUTC();
        }
        requireDemoRun(offsetFile, ConfigUtils.getProfiles());
        Log.infof("time comes from the system clock shifted by the offset in %s (a demo run)", offsetFile.get());
        return new OffsetFileClock(offsetFile.get());
    }

    /** Fails the start at once, not at the first deadline computed. */
    void refuseAShiftedClockOutsideADemo(@Observes StartupEvent start,
            @ConfigProperty(name = "huying.clock.offset-file") Optional<Path> offsetFile) {
        requireDemoRun(offsetFile, ConfigUtils.getProfiles());
    }

    static void requireDemoRun(Optional<Path> offsetFile, List<String> profiles) {
        if (offsetFile.isPresent() && profiles.stream().noneMatch(DEMO_PROFILES::contains)) {
            throw new IllegalStateException("huying.clock.offset-file (HUYING_CLOCK_FILE) is set to " + offsetFile.get()
                    + ", but a shifted clock is for demo runs only and this service runs with the profiles " + profiles
                    + ": unset it, or start with QUARKUS_PROFILE=prod,local as deploy/local/huying does");
        }
    }
}
