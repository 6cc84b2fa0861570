package io.huying.contracts.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One year of working calendar, as published in {@code huying/calendars/<year>.json}: the weekly
 * working days, the office-hour sessions of every working day, the statutory holidays and the make-up
 * workdays (调休补班 — a Saturday or Sunday worked in exchange for a longer holiday).
 *
 * <p>A make-up workday has the same sessions as any other working day. The constructor rejects data
 * that would be silently misread: dates outside {@link #year}, a date both off and worked, a make-up
 * day that is a working day anyway, overlapping or unordered sessions.
 */
public record CalendarYear(
        int year,
        String version,
        String source,
        Set<DayOfWeek> workingDaysOfWeek,
        List<WorkingSession> sessions,
        List<HolidayPeriod> holidays,
        List<LocalDate> makeUpWorkdays) {

    public CalendarYear {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("Calendar " + year + " has no version");
        }
        workingDaysOfWeek = Set.copyOf(Objects.requireNonNull(workingDaysOfWeek, "workingDaysOfWeek"));
        sessions = List.copyOf(Objects.requireNonNull(sessions, "sessions"));
        holidays = List.copyOf(Objects.requireNonNull(holidays, "holidays"));
        makeUpWorkdays = List.copyOf(Objects.requireNonNull(makeUpWorkdays, "makeUpWorkdays"));
        if (sessions.isEmpty()) {
            throw new IllegalArgumentException("Calendar " + year + " has no working sessions");
        }
        for (int i = 1; i < sessions.size(); i++) {
            if (sessions.get(i).start().isBefore(sessions.get(i - 1).end())) {
                throw new IllegalArgumentException("Calendar " + year + ": sessions overlap or are out of order: "
                        + sessions.get(i - 1) + ", " + sessions.get(i));
            }
        }
        Set<LocalDate> off = daysOff(holidays);
        for (LocalDate day : off) {
            requireInYear(year, day, "holiday");
        }
        for (LocalDate day : makeUpWorkdays) {
            requireInYear(year, day, "make-up workday");
            if (off.contains(day)) {
                throw new IllegalArgumentException("Calendar " + year + ": " + day + " is both a holiday and a make-up workday");
            }
            if (workingDaysOfWeek.contains(day.getDayOfWeek())) {
                throw new IllegalArgumentException("Calendar " + year + ": make-up workday " + day + " is a "
                        + day.getDayOfWeek() + ", already a working day");
            }
        }
    }

    /** Every date covered by a holiday period. */
    public Set<LocalDate> daysOff() {
        return daysOff(holidays);
    }

    private static Set<LocalDate> daysOff(List<HolidayPeriod> holidays) {
        Set<LocalDate> days = new HashSet<>();
        for (HolidayPeriod holiday : holidays) {
            holiday.from().datesUntil(holiday.to().plusDays(1)).forEach(days::add);
        }
        return days;
    }

    private static void requireInYear(int year, LocalDate day, String what) {
        if (day.getYear() != year) {
            throw new IllegalArgumentException("Calendar " + year + ": " + what + " " + day + " is outside the year");
        }
    }
}
