package io.huying.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;

/**
 * Moves the service's "now" as the local launcher's {@code huying clock} does: through the offset file
 * the platform's OffsetFileClock reads ({@code %test.huying.clock.offset-file}).
 */
final class ServiceTime {
    private static final Path OFFSET_FILE = Path.of("target/test-clock-offset");

    private ServiceTime() {
    }

    /** From now on the service's time runs from {@code at}; waits until the service's clock follows. */
    static void set(Clock serviceClock, Instant at) {
        write(at.toEpochMilli() - System.currentTimeMillis());
        Awaitility.await("the service clock at " + at).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> Duration.between(at, serviceClock.instant()).abs().compareTo(Duration.ofSeconds(30)) < 0);
    }

    /** Back to the system clock. */
    static void reset(Clock serviceClock) {
        set(serviceClock, Instant.now());
        write(0);
    }

    private static void write(long offsetMillis) {
        try {
            Files.writeString(OFFSET_FILE, Long.toString(offsetMillis));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
