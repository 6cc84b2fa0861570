package io.huying.sla;

import io.huying.contracts.events.SlaCalendarProvisional;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * 时限监督看板 — open clocks by standing, in total and per clock kind; the working calendars in use; the
 * breaches of the last Asia/Shanghai days ({@code since} onwards, today included) by unit and by day; and
 * the open clocks that need attention now.
 *
 * @param byClock        every clock kind, in order, with its open clocks by standing
 * @param breachesByUnit the units with the most breaches since {@code since}, most first
 * @param breachesByDay  each day from {@code since} to today, oldest first, 0 on a day without
 * @param atRisk         open clocks AT_RISK (预警) or BREACHED (超时), nearest deadline first
 */
public record ClockBoard(Standings total, Map<ClockKind, Standings> byClock, Calendars calendar, Instant now, Instant since,
        List<UnitBreaches> breachesByUnit, Map<LocalDate, Long> breachesByDay, List<MonitoredClock> atRisk) {

    /** Open clocks: ON_TRACK, AT_RISK (a warning fired) or BREACHED. */
    public record Standings(long open, long onTrack, long atRisk, long breached) {
    }

    /**
     * The years loaded from the State Council's notices (year → version), and the provisional years
     * (statutory holidays, no 调休) that open clocks run on or that today + the warning horizon reaches.
     */
    public record Calendars(Map<Integer, String> loaded, List<SlaCalendarProvisional.Year> provisional, LocalDate horizonUntil) {
    }

    /** A unit's breaches (超时) in the window, and how many of those clocks still run ({@code open}). */
    public record UnitBreaches(String unitPath, long breaches, long open) {
    }
}
