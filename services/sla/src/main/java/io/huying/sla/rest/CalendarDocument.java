package io.huying.sla.rest;

import io.huying.contracts.calendar.HolidayPeriod;
import io.huying.contracts.calendar.WorkingSession;
import io.huying.contracts.problem.Violation;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A year's working calendar as an administrator sends it (the format of huying/calendars/&lt;year&gt;.json), checked field by field. */
public record CalendarDocument(Integer year, String version, String source, Set<DayOfWeek> workingDaysOfWeek, List<WorkingSession> sessions,
        List<HolidayPeriod> holidays, List<LocalDate> makeUpWorkdays) {

    /** What is wrong, each named by its JSON path; empty when it makes a valid calendar for {@code pathYear}. */
    public List<Violation> violations(int pathYear) {
        List<Violation> v = new ArrayList<>();
        if (year == null || year != pathYear) {
            v.add(new Violation("year", "must be " + pathYear + ", the year in the path"));
        }
        if (version == null || version.isBlank() || version.length() > 50) {
            v.add(new Violation("version", "must be 1 to 50 characters"));
        } else if (version.endsWith(".provisional")) {
            v.add(new Violation("version", "must not end with .provisional (reserved for years without a calendar)"));
        }
        if (workingDaysOfWeek == null || workingDaysOfWeek.isEmpty()) {
            v.add(new Violation("workingDaysOfWeek", "must name at least one day"));
        }
        if (sessions == null || sessions.isEmpty()) {
            v.add(new Violation("sessions", "must have at least one session"));
        } else {
            for (int i = 0; i < sessions.size(); i++) {
                if (sessions.get(i) == null) {
                    v.add(new Violation("sessions[" + i + "]", "must not be null"));
                } else if (i > 0 && sessions.get(i - 1) != null && sessions.get(i).start().isBefore(sessions.get(i - 1).end())) {
                    v.add(new Violation("sessions[" + i + "]", "must start after the previous session ends"));
                }
            }
        }
        Set<LocalDate> off = new HashSet<>();
        List<HolidayPeriod> holidayList = holidays == null ? List.of() : holidays;
        for (int i = 0; i < holidayList.size(); i++) {
            HolidayPeriod h = holidayList.get(i);
            if (h == null) {
                v.add(new Violation("holidays[" + i + "]", "must not be null"));
                continue;
            }
            if (h.from().getYear() != pathYear) {
                v.add(new Violation("holidays[" + i + "].from", "must be in " + pathYear));
            }
            if (h.to().getYear() != pathYear) {
                v.add(new Violation("holidays[" + i + "].to", "must be in " + pathYear));
            }
            h.from().datesUntil(h.to().plusDays(1)).forEach(off::add);
        }
        List<LocalDate> makeUp = makeUpWorkdays == null ? List.of() : makeUpWorkdays;
        for (int i = 0; i < makeUp.size(); i++) {
            LocalDate day = makeUp.get(i);
            String field = "makeUpWorkdays[" + i + "]";
            if (day == null) {
                v.add(new Violation(field, "must not be null"));
            } else if (day.getYear() != pathYear) {
                v.add(new Violation(field, "must be in " + pathYear));
            } else if (off.contains(day)) {
                v.add(new Violation(field, day + " is also a holiday"));
            } else if (workingDaysOfWeek != null && workingDaysOfWeek.contains(day.getDayOfWeek())) {
                v.add(new Violation(field, day + " is a " + day.getDayOfWeek() + ", a working day anyway"));
            }
        }
        return v;
    }
}
