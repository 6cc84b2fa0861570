package io.huying.sla.domain;

import io.huying.contracts.calendar.WorkingCalendar;
import io.huying.contracts.calendar.WorkingSession;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Deadline arithmetic of the SLA engine on one working calendar: a policy duration from a start, the
 * time paused added on, the warnings at their share of the time. Pure and thread-safe; all wall-clock
 * reasoning is in {@link WorkingCalendar#ZONE}.
 *
 * <p>Working units ({@code WORKING_HOURS}, {@code WORKING_DAYS}, {@code SAME_WORKING_DAY}) measure
 * pauses and warnings in working time: 75 % of five working days is 75 % of their office hours, counted
 * on the calendar. Clock units measure them in clock time.
 */
public final class Deadlines {
    private final WorkingCalendar calendar;

    public Deadlines(WorkingCalendar calendar) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    public WorkingCalendar calendar() {
        return calendar;
    }

    /** The instant {@code duration} after {@code start}, as the policy counts it. */
    public Instant after(Instant start, SlaDuration duration) {
        return switch (duration.unit()) {
            case CLOCK_MINUTES -> start.plus(Duration.ofMinutes(duration.amount()));
            case WORKING_HOURS -> calendar.addWorkingTime(start, Duration.ofHours(duration.amount()));
            case WORKING_DAYS -> calendar.addWorkingDays(start, duration.amount());
            case CALENDAR_DAYS -> calendar.addCalendarDays(start, duration.amount());
            case SAME_WORKING_DAY -> endOfWorkingDay(start);
        };
    }

    /**
     * 当日 — the end of the last session of the working day on which {@code start} falls; of the next
     * working day when {@code start} is at or after that day's last session end, or not on a working day.
     */
    public Instant endOfWorkingDay(Instant start) {
        LocalDateTime local = LocalDateTime.ofInstant(start, WorkingCalendar.ZONE);
        LocalDate day = local.toLocalDate();
        List<WorkingSession> sessions = calendar.sessionsOn(day);
        if (!sessions.isEmpty() && local.toLocalTime().isBefore(last(sessions).end())) {
            return day.atTime(last(sessions).end()).atZone(WorkingCalendar.ZONE).toInstant();
        }
        for (LocalDate next = day.plusDays(1); ; next = next.plusDays(1)) {
            List<WorkingSession> nextSessions = calendar.sessionsOn(next);
            if (!nextSessions.isEmpty()) {
                return next.atTime(last(nextSessions).end()).atZone(WorkingCalendar.ZONE).toInstant();
            }
        }
    }

    /** {@code t} when it lies in office hours, else the start of the next session: when a non-urgent reminder may go out. */
    public Instant nextWorkingTime(Instant t) {
        return calendar.nextWorkingInstant(t);
    }

    /** The time between two instants in both measures: what a pause from {@code from} to {@code to} used. */
    public PausedTime pausedBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return PausedTime.NONE;
        }
        return new PausedTime(Duration.between(from, to), calendar.workingTimeBetween(from, to));
    }

    /**
     * The deadline and warning times of a clock. Without an extension the deadline is the policy's
     * duration after the start, moved later by the time paused; with one it is the granted deadline,
     * moved later by the time paused since it was granted. Each warning falls when its share of the
     * clock's own time (start to deadline, less the pauses) is used.
     */
    public ClockSchedule schedule(ClockTerms terms) {
        SlaDuration.Unit unit = terms.duration().unit();
        Instant end;
        Duration pausedSince;
        if (terms.extendedDeadline() != null) {
            end = terms.extendedDeadline();
            pausedSince = terms.paused().minus(terms.pausedAtExtension()).in(unit);
        } else {
            end = after(terms.start(), terms.duration());
            pausedSince = terms.paused().in(unit);
        }
        Instant deadline = micros(plus(end, positive(pausedSince), unit));
        Duration pausedTotal = positive(terms.paused().in(unit));
        Duration budget = positive(between(terms.start(), deadline, unit).minus(pausedTotal));
        List<ClockSchedule.Warning> warnings = new ArrayList<>();
        for (int threshold : terms.warnings()) {
            Duration share = budget.multipliedBy(threshold).dividedBy(100);
            warnings.add(new ClockSchedule.Warning(threshold, micros(plus(terms.start(), pausedTotal.plus(share), unit))));
        }
        return new ClockSchedule(deadline, warnings, calendarVersion(terms.start(), deadline));
    }

    /**
     * The versions of the calendar years a clock's span touches, e.g. {@code 2026.1}, or
     * {@code 2026.1+2027.1} across a new year, {@code 2026.1+2027.provisional} into a year whose notice is not loaded.
     */
    public String calendarVersion(Instant from, Instant to) {
        int first = LocalDateTime.ofInstant(from, WorkingCalendar.ZONE).getYear();
        int last = Math.max(first, LocalDateTime.ofInstant(to, WorkingCalendar.ZONE).getYear());
        List<String> used = new ArrayList<>(2);
        for (int year = first; year <= last; year++) {
            String version = calendar.versionOf(year);
            if (version != null && !used.contains(version)) {
                used.add(version);
            }
        }
        return used.isEmpty() ? "none" : String.join("+", used);
    }

    private Instant plus(Instant t, Duration amount, SlaDuration.Unit unit) {
        return unit.working() ? calendar.addWorkingTime(t, amount) : t.plus(amount);
    }

    private Duration between(Instant from, Instant to, SlaDuration.Unit unit) {
        return unit.working() ? calendar.workingTimeBetween(from, to) : Duration.between(from, to);
    }

    /** PostgreSQL keeps microseconds: an instant stored and read back must equal the one computed. */
    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static WorkingSession last(List<WorkingSession> sessions) {
        return sessions.get(sessions.size() - 1);
    }
}
