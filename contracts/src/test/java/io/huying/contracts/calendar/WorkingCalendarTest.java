package io.huying.contracts.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkingCalendarTest {

    private static final long WORKING_DAY_MINUTES = 420;

    private final WorkingCalendar calendar = WorkingCalendar.fromClasspath(2025, 2026);

    private static Instant at(String shanghaiLocalTime) {
        return LocalDateTime.parse(shanghaiLocalTime).atZone(WorkingCalendar.ZONE).toInstant();
    }

    private static LocalDate day(String date) {
        return LocalDate.parse(date);
    }

    @Test
    void fiveWorkingDaysFromFridayEveningBeforeMidAutumnCountSundayMakeUpDayAndSkipHoliday() {
        assertThat(day("2026-09-18").getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        assertThat(calendar.isWorkingDay(day("2026-09-19"))).isFalse();
        assertThat(calendar.isWorkingDay(day("2026-09-20"))).isTrue();

        // 09-20 (Sun, make-up), 09-21, 09-22, 09-23, 09-24; 09-25..27 is the Mid-Autumn holiday.
        assertThat(calendar.addWorkingDays(at("2026-09-18T17:00"), 5)).isEqualTo(at("2026-09-24T17:00"));
        assertThat(calendar.addWorkingDays(at("2026-09-18T17:00"), 6)).isEqualTo(at("2026-09-28T17:00"));
    }

    @Test
    void oneWorkingDayFromFridayBeforeSpringFestivalLandsOnSaturdayMakeUpDay() {
        assertThat(day("2026-02-14").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        assertThat(calendar.addWorkingDays(at("2026-02-13T15:00"), 1)).isEqualTo(at("2026-02-14T15:00"));
    }

    @Test
    void workingDaysAcrossSpringFestival2026SkipTheNineDaysOffAndCountBothMakeUpSaturdays() {
        for (LocalDate d = day("2026-02-15"); !d.isAfter(day("2026-02-23")); d = d.plusDays(1)) {
            assertThat(calendar.isWorkingDay(d)).as(d.toString()).isFalse();
        }
        assertThat(calendar.addWorkingDays(at("2026-02-14T10:00"), 1)).isEqualTo(at("2026-02-24T10:00"));
        // 02-24, 25, 26, 27, then Saturday 02-28 (make-up).
        assertThat(calendar.addWorkingDays(at("2026-02-14T10:00"), 5)).isEqualTo(at("2026-02-28T10:00"));
        assertThat(calendar.addWorkingDays(at("2026-02-13T15:00"), 2)).isEqualTo(at("2026-02-24T15:00"));
        assertThat(calendar.workingMinutesBetween(at("2026-02-13T15:00"), at("2026-02-24T15:00")))
                .isEqualTo(2 * WORKING_DAY_MINUTES);
    }

    @Test
    void workingHoursSkipTheLunchBreak() {
        assertThat(calendar.addWorkingMinutes(at("2026-03-10T11:00"), 120)).isEqualTo(at("2026-03-10T15:00"));
        assertThat(calendar.workingMinutesBetween(at("2026-03-10T11:00"), at("2026-03-10T15:00"))).isEqualTo(120);
    }

    @Test
    void workingHoursSkipTheWeekend() {
        assertThat(day("2026-03-13").getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        assertThat(calendar.addWorkingMinutes(at("2026-03-13T16:00"), 180)).isEqualTo(at("2026-03-16T10:00"));
    }

    @Test
    void twoWorkingHoursFromFridayAfternoonBeforeQingmingResumeAfterTheHoliday() {
        assertThat(day("2026-04-03").getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        assertThat(calendar.isWorkingDay(day("2026-04-06"))).as("Qingming Monday").isFalse();
        // 16:30–17:30 on Friday, then 08:30–09:30 on Tuesday 04-07.
        assertThat(calendar.addWorkingMinutes(at("2026-04-03T16:30"), 120)).isEqualTo(at("2026-04-07T09:30"));
    }

    @Test
    void workingTimeThatUsesUpASessionEndsAtItsCloseNotAtTheNextOpening() {
        assertThat(calendar.addWorkingMinutes(at("2026-03-09T16:30"), 60)).isEqualTo(at("2026-03-09T17:30"));
        assertThat(calendar.addWorkingMinutes(at("2026-03-09T11:00"), 60)).isEqualTo(at("2026-03-09T12:00"));
    }

    @Test
    void startOutsideWorkingHoursCountsFromTheNextSessionStart() {
        assertThat(calendar.addWorkingMinutes(at("2026-03-07T10:00"), 30)).as("Saturday").isEqualTo(at("2026-03-09T09:00"));
        assertThat(calendar.addWorkingMinutes(at("2026-03-09T12:30"), 30)).as("lunch").isEqualTo(at("2026-03-09T14:30"));
        assertThat(calendar.addWorkingMinutes(at("2026-03-09T06:00"), 30)).as("early").isEqualTo(at("2026-03-09T09:00"));
        assertThat(calendar.addWorkingMinutes(at("2026-03-09T20:00"), 30)).as("night").isEqualTo(at("2026-03-10T09:00"));
        assertThat(calendar.addWorkingDays(at("2026-03-09T12:30"), 1)).as("lunch, 1 day").isEqualTo(at("2026-03-10T12:00"));
    }

    @Test
    void oneWorkingDayFromTheWeekendOrFromClosingTimeIsTheEndOfTheNextWorkingDay() {
        assertThat(calendar.addWorkingDays(at("2026-03-07T10:00"), 1)).isEqualTo(at("2026-03-09T17:30"));
        assertThat(calendar.addWorkingDays(at("2026-03-06T17:30"), 1)).isEqualTo(at("2026-03-09T17:30"));
        assertThat(calendar.addWorkingDays(at("2026-03-06T19:00"), 1)).isEqualTo(at("2026-03-09T17:30"));
        assertThat(calendar.addWorkingDays(at("2026-03-09T08:30"), 1)).isEqualTo(at("2026-03-09T17:30"));
        assertThat(calendar.addWorkingDays(at("2026-03-09T08:31"), 1)).isEqualTo(at("2026-03-10T08:31"));
    }

    @Test
    void nationalDay2026IsOffForSevenDaysAndSaturdayTheTenthIsWorked() {
        for (LocalDate d = day("2026-10-01"); !d.isAfter(day("2026-10-07")); d = d.plusDays(1)) {
            assertThat(calendar.isWorkingDay(d)).as(d.toString()).isFalse();
        }
        assertThat(calendar.isWorkingDay(day("2026-10-08"))).isTrue();
        assertThat(calendar.isWorkingDay(day("2026-10-10"))).isTrue();
        assertThat(calendar.isWorkingDay(day("2026-10-11"))).isFalse();

        // 10-08 (1), 10-09 (2), Saturday 10-10 (3).
        assertThat(calendar.addWorkingDays(at("2026-09-30T10:00"), 3)).isEqualTo(at("2026-10-10T10:00"));
        assertThat(calendar.workingMinutesBetween(at("2026-09-30T17:30"), at("2026-10-08T08:30"))).isZero();
        assertThat(calendar.addWorkingMinutes(at("2026-09-30T17:00"), 60)).isEqualTo(at("2026-10-08T09:00"));
    }

    @Test
    void holidays2025FollowTheStateCouncilNotice() {
        assertThat(calendar.isWorkingDay(day("2025-01-01"))).isFalse();
        assertThat(calendar.isWorkingDay(day("2025-01-26"))).as("Sunday make-up").isTrue();
        assertThat(calendar.isWorkingDay(day("2025-02-04"))).as("Spring Festival Tuesday").isFalse();
        assertThat(calendar.isWorkingDay(day("2025-02-08"))).as("Saturday make-up").isTrue();
        assertThat(calendar.isWorkingDay(day("2025-06-02"))).as("Dragon Boat Monday").isFalse();
        assertThat(calendar.isWorkingDay(day("2025-10-08"))).isFalse();
        assertThat(calendar.isWorkingDay(day("2025-10-11"))).as("Saturday make-up").isTrue();
        assertThat(calendar.isWorkingDay(day("2025-10-12"))).isFalse();
    }

    @Test
    void workingDaysRunAcrossLoadedYears() {
        // 2026-01-01..03 off, Sunday 01-04 worked, Monday 01-05.
        assertThat(calendar.addWorkingDays(at("2025-12-31T10:00"), 2)).isEqualTo(at("2026-01-05T10:00"));
    }

    @Test
    void dateInAYearNotLoadedFailsInsteadOfBeingTreatedAsNormal() {
        assertThatThrownBy(() -> calendar.isWorkingDay(day("2027-01-04")))
                .isInstanceOf(CalendarYearNotLoadedException.class)
                .hasMessageContaining("2027");
        assertThatThrownBy(() -> calendar.isWorkingDay(day("2024-12-31")))
                .isInstanceOf(CalendarYearNotLoadedException.class);
        assertThatThrownBy(() -> calendar.addWorkingDays(at("2026-12-30T10:00"), 5))
                .isInstanceOf(CalendarYearNotLoadedException.class);
        assertThatThrownBy(() -> calendar.addWorkingMinutes(at("2026-12-31T17:00"), 60))
                .isInstanceOf(CalendarYearNotLoadedException.class);
        assertThatThrownBy(() -> calendar.workingMinutesBetween(at("2026-12-31T10:00"), at("2027-01-04T10:00")))
                .isInstanceOf(CalendarYearNotLoadedException.class);

        WorkingCalendar only2026 = WorkingCalendar.fromClasspath(2026);
        assertThatThrownBy(() -> only2026.isWorkingDay(day("2025-12-31")))
                .isInstanceOf(CalendarYearNotLoadedException.class);
        assertThatThrownBy(() -> WorkingCalendar.fromClasspath(2027))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2027.json");
    }

    @Test
    void workingMinutesBetweenIsTheInverseOfAddWorkingMinutes() {
        Instant first = at("2025-01-01T00:00");
        int checked = 0;
        for (int i = 0; i < 6000; i++) {
            Instant start = first.plus(Duration.ofMinutes(i * 167L));
            if (start.isAfter(at("2026-12-01T00:00"))) {
                break;
            }
            long minutes = (i * 131L) % 3000;
            Instant deadline = calendar.addWorkingMinutes(start, minutes);
            assertThat(calendar.workingMinutesBetween(start, deadline)).as("from %s + %d", start, minutes).isEqualTo(minutes);
            assertThat(calendar.workingMinutesBetween(deadline, start)).isEqualTo(-minutes);
            if (minutes > 0) {
                assertThat(calendar.addWorkingMinutes(start, minutes - 1)).isBefore(deadline);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(5000);
    }

    @Test
    void addWorkingDaysEqualsWholeWorkingDaysOfWorkingTimeWhenEveryDayHasTheSameSessions() {
        Instant first = at("2025-01-01T00:00");
        for (int i = 0; i < 3000; i++) {
            Instant start = first.plus(Duration.ofMinutes(i * 331L));
            if (start.isAfter(at("2026-12-01T00:00"))) {
                break;
            }
            int days = i % 11;
            assertThat(calendar.addWorkingDays(start, days))
                    .as("from %s + %d working days", start, days)
                    .isEqualTo(calendar.addWorkingMinutes(start, days * WORKING_DAY_MINUTES));
        }
    }

    @Test
    void workingDayDeadlineIsClampedIntoTheTargetDaysSessionsWhenTheyDiffer() {
        CalendarYear shorterHours2027 = new CalendarYear(2027, "test", "test",
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                List.of(new WorkingSession(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                        new WorkingSession(LocalTime.of(13, 0), LocalTime.of(17, 0))),
                List.of(), List.of());
        WorkingCalendar combined = WorkingCalendar.of(
                List.of(WorkingCalendar.readClasspathYear(2026), shorterHours2027));

        // 17:15 is after the 2027 closing time of 17:00.
        assertThat(combined.addWorkingDays(at("2026-12-31T17:15"), 1)).isEqualTo(at("2027-01-01T17:00"));
        // 08:45 is before the 2027 opening of 09:00; the previous close is the same working position.
        assertThat(combined.addWorkingDays(at("2026-12-31T08:45"), 1)).isEqualTo(at("2026-12-31T17:30"));
        assertThat(combined.addWorkingDays(at("2026-12-31T11:00"), 1)).isEqualTo(at("2027-01-01T11:00"));
    }

    @Test
    void calendarDaysIgnoreHolidays() {
        assertThat(calendar.addCalendarDays(at("2026-02-13T15:00"), 10)).isEqualTo(at("2026-02-23T15:00"));
    }

    @Test
    void zeroAndNegativeAmounts() {
        Instant saturday = at("2026-03-07T10:00");
        assertThat(calendar.addWorkingMinutes(saturday, 0)).isEqualTo(saturday);
        assertThat(calendar.addWorkingDays(saturday, 0)).isEqualTo(saturday);
        assertThatThrownBy(() -> calendar.addWorkingMinutes(saturday, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calendar.addWorkingDays(saturday, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachLoadedYearReportsItsDataVersion() {
        assertThat(calendar.versions()).containsEntry(2025, "2025.1").containsEntry(2026, "2026.1").hasSize(2);
        assertThat(calendar.years()).containsExactly(2025, 2026);
    }
}
