package io.huying.sla.rest;

import io.huying.contracts.events.SlaClockStarted.ClockKind;
import java.time.LocalDate;
import java.util.List;

/**
 * 时限监督看板 — open clocks by standing, in total and per clock; and the working calendars in use:
 * the years loaded from the State Council's notices, and the provisional years (statutory holidays,
 * no 调休) that open clocks run on or that today + the warning horizon reaches.
 */
public record BoardView(Counts total, List<ClockCounts> byClock, Calendar calendar) {

    public record Counts(long open, long onTrack, long atRisk, long breached) {
    }

    public record ClockCounts(ClockKind clock, long open, long onTrack, long atRisk, long breached) {
    }

    /** {@code provisional}: {@code version} null for a year no calendar covers at all; {@code openClocks} within the board's filters. */
    public record Calendar(List<LoadedYear> loaded, List<ProvisionalYear> provisional, LocalDate horizonUntil) {
    }

    public record LoadedYear(int year, String version) {
    }

    public record ProvisionalYear(int year, String version, long openClocks) {
    }
}
