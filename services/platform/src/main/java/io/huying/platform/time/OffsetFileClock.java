package io.huying.platform.time;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset in milliseconds read from a file (one integer; absent or empty
 * means 0). The file is read again at most every {@value #RECHECK_NANOS} ns, so every service on the
 * machine follows a change within a quarter of a second. A file that cannot be parsed keeps the
 * last good offset.
 */
public final class OffsetFileClock extends Clock {
    static final long RECHECK_NANOS = 250_000_000L;

    private final Path file;
    private volatile long offsetMillis;
    private volatile long checkedAt;

    public OffsetFileClock(Path file) {
        this.file = file;
        this.checkedAt = System.nanoTime() - RECHECK_NANOS; // the first call reads the file
    }

    /**
     * As precise as the system clock (microseconds here), not whole milliseconds: rows a service writes one after
     * the other within a millisecond (a batch's notifications, newest first in the bell) keep their order.
     */
    @Override
    public Instant instant() {
        return Instant.now().plusMillis(offset());
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offset();
    }

    /** The current offset from the system clock, in milliseconds. */
    public long offset() {
        long now = System.nanoTime();
        if (now - checkedAt >= RECHECK_NANOS) {
            checkedAt = now;
            offsetMillis = read(offsetMillis);
        }
        return offsetMillis;
    }

    private long read(long previous) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | NumberFormatException e) {
            Log.warnf("clock offset file %s unreadable (%s); keeping offset %d ms", file, e.getMessage(), previous);
            return previous;
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("OffsetFileClock is UTC; use LocalDate.ofInstant(clock.instant(), zone)");
    }
}
