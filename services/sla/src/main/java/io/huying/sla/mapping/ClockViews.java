package io.huying.sla.mapping;

import io.huying.contracts.calendar.StatutoryHolidays;
import io.huying.contracts.reference.OrgUnit;
import io.huying.platform.reference.Organisation;
import io.huying.sla.ClockBoard;
import io.huying.sla.MonitoredClock;
import io.huying.sla.SlaClock;
import io.huying.sla.rest.BoardView;
import io.huying.sla.rest.ClockView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Clocks and the board → views, with the units' names from the org tree. */
@ApplicationScoped
public class ClockViews {
    private final Organisation organisation;

    public ClockViews(Organisation organisation) {
        this.organisation = organisation;
    }

    public ClockView view(MonitoredClock m) {
        SlaClock c = m.clock();
        return new ClockView(c.id, c.callId, c.number, c.taskId, c.kind, c.round, c.unitPath, c.streetPath, c.categoryCode, c.urgency,
                c.state, c.standing(), c.startedAt, c.duration().toString(), c.deadline, c.warningTimes(), c.warnedThreshold,
                c.breachedAt, c.extendedDeadline, c.pausedAt, c.pausedSeconds, c.pausedWorkingSeconds, c.stoppedAt, c.stopReason,
                c.outcome, c.policyVersion, c.calendarVersion, usesProvisional(c.calendarVersion), nameOf(c.unitPath), m.escalation(),
                m.escalatedAt());
    }

    public List<ClockView> views(List<MonitoredClock> clocks) {
        return clocks.stream().map(this::view).toList();
    }

    public ClockView.Page page(MonitoredClock.Page page) {
        return new ClockView.Page(views(page.items()), page.page(), page.size(), page.total());
    }

    public BoardView board(ClockBoard b) {
        return new BoardView(counts(b.total()),
                b.byClock().entrySet().stream().map(e -> new BoardView.ClockCounts(e.getKey(), e.getValue().open(), e.getValue().onTrack(),
                        e.getValue().atRisk(), e.getValue().breached())).toList(),
                new BoardView.Calendar(
                        b.calendar().loaded().entrySet().stream().map(e -> new BoardView.LoadedYear(e.getKey(), e.getValue())).toList(),
                        b.calendar().provisional().stream().map(y -> new BoardView.ProvisionalYear(y.year(), y.version(), y.openClocks()))
                                .toList(),
                        b.calendar().horizonUntil()),
                b.now(), b.since(),
                b.breachesByUnit().stream().map(u -> new BoardView.UnitBreaches(u.unitPath(), nameOf(u.unitPath()), u.breaches(), u.open()))
                        .toList(),
                b.breachesByDay().entrySet().stream().map(e -> new BoardView.DayBreaches(e.getKey(), e.getValue())).toList(),
                b.atRisk().stream().map(m -> atRisk(m, b.now())).toList());
    }

    private static BoardView.Counts counts(ClockBoard.Standings s) {
        return new BoardView.Counts(s.open(), s.onTrack(), s.atRisk(), s.breached());
    }

    private BoardView.AtRiskClock atRisk(MonitoredClock m, Instant now) {
        SlaClock c = m.clock();
        // Whole minutes towards the deadline, rounded towards it: 30 s left is 0 minutes left, 30 s over is -1.
        long minutesLeft = Math.floorDiv(Duration.between(now, c.deadline).getSeconds(), 60);
        return new BoardView.AtRiskClock(c.id, c.callId, c.number, c.taskId, c.kind, c.unitPath, nameOf(c.unitPath), c.state, c.standing(),
                c.deadline, minutesLeft, m.escalation());
    }

    /** A {@code .provisional} part in the clock's calendar version: its deadline may move when that year's notice is loaded. */
    private static boolean usesProvisional(String calendarVersion) {
        return calendarVersion != null && Arrays.stream(calendarVersion.split("\\+")).anyMatch(StatutoryHolidays::isProvisional);
    }

    private String nameOf(String unitPath) {
        return organisation.current().unit(unitPath).map(OrgUnit::name).orElse(null);
    }
}
