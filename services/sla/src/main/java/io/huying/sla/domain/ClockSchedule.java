package io.huying.sla.domain;

import java.time.Instant;
import java.util.List;

/** A clock's deadline and when each warning falls due, as {@link Deadlines#schedule} computes them. */
public record ClockSchedule(Instant deadline, List<Warning> warnings, String calendarVersion) {

    /** 预警 at {@code threshold} per cent of the clock's time. */
    public record Warning(int threshold, Instant at) {
    }

    public ClockSchedule {
        warnings = List.copyOf(warnings);
    }

    public List<Instant> warningTimes() {
        return warnings.stream().map(Warning::at).toList();
    }
}
