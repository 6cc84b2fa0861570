package io.huying.sla.rest;

import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaEscalated;
import io.huying.sla.SlaClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * 时限监督看板 — open clocks by standing, in total and per clock; and the working calendars in use:
 * the years loaded from the State Council's notices, and the provisional years (statutory holidays,
 * no 调休) that open clocks run on or that today + the warning horizon reaches. The breaches of the last
 * {@code days} Asia/Shanghai days ({@code since} onwards, today included) by unit and by day; and the open
 * clocks that need attention now.
 *
 * @param breachesByUnit the {@code top} units with the most breaches since {@code since}, most first
 * @param breachesByDay  one entry per Asia/Shanghai day from {@code since} to today, oldest first, 0 on a day without
 * @param atRisk         open clocks AT_RISK (预警) or BREACHED (超时), nearest deadline first, at most {@code limit}
 */
public record BoardView(Counts total, List<ClockCounts> byClock, Calendar calendar, Instant now, Instant since,
        List<UnitBreaches> breachesByUnit, List<DayBreaches> breachesByDay, List<AtRiskClock> atRisk) {

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

    /**
     * A unit's breaches (超时) in the window: clocks whose breach was announced, or that stopped late, then.
     *
     * @param name  the unit's name in the org tree; null when it is not in the tree
     * @param open  how many of them are still running
     */
    public record UnitBreaches(String unitPath, String name, long breaches, long open) {
    }

    /** The breaches of one Asia/Shanghai day. */
    public record DayBreaches(LocalDate day, long breaches) {
    }

    /**
     * An open clock that needs attention.
     *
     * @param minutesLeft whole minutes from now to the deadline: negative once it passed (minutes over)
     * @param escalation  the highest rung of the ladder fired for it (URGE 催办, SUPERVISE 督办, NOTIFY 通报), null when none
     */
    public record AtRiskClock(UUID clockId, UUID callId, String number, UUID taskId, ClockKind clock, String unitPath,
            String unitName, SlaClock.State status, SlaClock.Standing standing, Instant deadline, long minutesLeft,
            SlaEscalated.Level escalation) {
    }
}
