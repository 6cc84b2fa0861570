package io.huying.platform.time;

import io.quarkus.arc.DefaultBean;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * "Now" for every service: the system clock, or, when {@code huying.clock.offset-file} is set (the
 * local launcher's demo runs, {@code deploy/local/huying clock ...}), the system clock shifted by the
 * offset that file holds, so a demo can start on a chosen day and jump ahead to a deadline while all
 * services keep agreeing on the time. Production leaves the property unset.
 */
public class ServiceClock {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock(@ConfigProperty(name = "huying.clock.offset-file") Optional<Path> offsetFile) {
        if (offsetFile.isEmpty()) {
            return Clock.systemUTC();
        }
        Log.infof("time comes from the system clock shifted by the offset in %s (a demo run)", offsetFile.get());
        return new OffsetFileClock(offsetFile.get());
    }
}
