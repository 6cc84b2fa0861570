package io.huying.sla.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.huying.contracts.calendar.WorkingCalendar;
import io.huying.sla.domain.SlaDuration.Unit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deadline arithmetic on the 2025/2026 calendars, without Quarkus. Times are Asia/Shanghai. */
class DeadlinesTest {
    private final Deadlines deadlines = new Deadlines(WorkingCalendar.fromClasspath(2025, 2026));

    @Test
    void oneWorkingDaySignForFromFridayEveningBeforeMidAutumnEndsOnTheSundayMakeUpDay() {
        assertThat(deadlines.after(at("2026-09-18T17:00"), new SlaDuration(1, Unit.WORKING_DAYS))).isEqualTo(at("2026-09-20T17:00"));
    }

    @Test
    void fiveWorkingDaysResolveFromFridayEveningCountTheMakeUpSundayAndEndBeforeTheHoliday() {
        assertThat(deadlines.after(at("2026-09-18T17:00"), new SlaDuration(5, Unit.WORKING_DAYS))).isEqualTo(at("2026-09-24T17:00"));
    }

    @Test
    void fiveWorkingDaysAcrossSpringFestivalSkipTheNineDaysOffAndCountTheMakeUpSaturday() {
        // Fri 02-13 → Sat 02-14 (补班, 1), 02-15..23 off, Tue 24 (2), Wed 25 (3), Thu 26 (4), Fri 27 (5).
        assertThat(deadlines.after(at("2026-02-13T10:00"), new SlaDuration(5, Unit.WORKING_DAYS))).isEqualTo(at("2026-02-27T10:00"));
    }

    @Test
    void criticalResolveIsDueAtTheEndOfTheWorkingDayItStartsOnOrOfTheNextOne() {
        SlaDuration sameDay = new SlaDuration(1, Unit.SAME_WORKING_DAY);
        assertThat(deadlines.after(at("2026-11-23T10:00"), sameDay)).isEqualTo(at("2026-11-23T17:30"));
        assertThat(deadlines.after(at("2026-11-23T07:15"), sameDay)).as("before office hours: that day").isEqualTo(at("2026-11-23T17:30"));
        assertThat(deadlines.after(at("2026-11-23T17:30"), sameDay)).as("after the last session: next working day")
                .isEqualTo(at("2026-11-24T17:30"));
        assertThat(deadlines.after(at("2026-11-28T10:00"), sameDay)).as("a Saturday: Monday").isEqualTo(at("2026-11-30T17:30"));
        assertThat(deadlines.after(at("2026-10-09T18:00"), sameDay)).as("Friday evening before the 调休 Saturday 10-10")
                .isEqualTo(at("2026-10-10T17:30"));
    }

    @Test
    void clockMinutesIgnoreOfficeHoursAndWorkingHoursSkipNightsAndWeekends() {
        assertThat(deadlines.after(at("2026-11-28T02:00"), new SlaDuration(30, Unit.CLOCK_MINUTES))).isEqualTo(at("2026-11-28T02:30"));
        // Fri 16:30–17:30 is one hour; the second is Monday 08:30–09:30.
        assertThat(deadlines.after(at("2026-11-27T16:30"), new SlaDuration(2, Unit.WORKING_HOURS))).isEqualTo(at("2026-11-30T09:30"));
        assertThat(deadlines.after(at("2026-11-27T20:00"), new SlaDuration(1440, Unit.CLOCK_MINUTES))).isEqualTo(at("2026-11-28T20:00"));
    }

    @Test
    void warningsFallAtFiftyAndSeventyFivePerCentOfTheWorkingTime() {
        // Five working days from Fri 09-18 17:00 are 35 office hours: 17.5 h end Tue 11:30, 26.25 h end Wed 15:15.
        ClockSchedule schedule = deadlines.schedule(ClockTerms.of(at("2026-09-18T17:00"), new SlaDuration(5, Unit.WORKING_DAYS), List.of(50, 75)));
        assertThat(schedule.deadline()).isEqualTo(at("2026-09-24T17:00"));
        assertThat(schedule.warningTimes()).containsExactly(at("2026-09-22T11:30"), at("2026-09-23T15:15"));
        assertThat(schedule.calendarVersion()).isEqualTo("2026.1");
    }

    @Test
    void warningsOfAClockDurationAreInClockTime() {
        ClockSchedule schedule = deadlines.schedule(ClockTerms.of(at("2026-11-27T20:00"), new SlaDuration(1440, Unit.CLOCK_MINUTES), List.of(50, 75)));
        assertThat(schedule.warningTimes()).containsExactly(at("2026-11-28T08:00"), at("2026-11-28T14:00"));
    }

    @Test
    void aPauseMovesTheDeadlineAndTheWarningsByThePausedWorkingTime() {
        Instant start = at("2026-09-14T09:00");
        SlaDuration fiveDays = new SlaDuration(5, Unit.WORKING_DAYS);
        // Suspended Tue 09:00 → Wed 09:00: one whole working day, 7 office hours.
        PausedTime pause = deadlines.pausedBetween(at("2026-09-15T09:00"), at("2026-09-16T09:00"));
        assertThat(pause.working()).isEqualTo(Duration.ofHours(7));
        assertThat(pause.clock()).isEqualTo(Duration.ofHours(24));
        ClockSchedule unpaused = deadlines.schedule(ClockTerms.of(start, fiveDays, List.of(50)));
        ClockSchedule paused = deadlines.schedule(new ClockTerms(start, fiveDays, List.of(50), null, pause, PausedTime.NONE));
        // Five working days end Sun 09-20 09:00 (补班); seven more office hours end Mon 09-21 09:00.
        assertThat(unpaused.deadline()).isEqualTo(at("2026-09-20T09:00"));
        assertThat(paused.deadline()).isEqualTo(at("2026-09-21T09:00"));
        // 17.5 h used: Mon 6.5 h, Tue 0.5 h, (paused), Wed 6.5 h, Thu 3.5 h + 0.5 h.
        assertThat(paused.warningTimes()).containsExactly(at("2026-09-17T14:30"));
    }

    @Test
    void aPauseOfAClockDurationAddsClockTime() {
        PausedTime pause = deadlines.pausedBetween(at("2026-11-28T01:00"), at("2026-11-28T03:00"));
        ClockSchedule schedule = deadlines.schedule(new ClockTerms(at("2026-11-27T20:00"), new SlaDuration(1440, Unit.CLOCK_MINUTES),
                List.of(), null, pause, PausedTime.NONE));
        assertThat(schedule.deadline()).isEqualTo(at("2026-11-28T22:00"));
    }

    @Test
    void anExtensionReplacesTheDeadlineAndOnlyLaterPausesMoveIt() {
        Instant start = at("2026-11-23T09:00");
        PausedTime before = deadlines.pausedBetween(at("2026-11-23T14:00"), at("2026-11-23T15:00"));
        PausedTime after = deadlines.pausedBetween(at("2026-12-01T09:00"), at("2026-12-01T11:00"));
        ClockSchedule extended = deadlines.schedule(new ClockTerms(start, new SlaDuration(5, Unit.WORKING_DAYS), List.of(50),
                at("2026-12-04T17:30"), before.plus(after), before));
        // Granted Fri 12-04 17:30; the two later paused hours: Mon 12-07 10:30.
        assertThat(extended.deadline()).isEqualTo(at("2026-12-07T10:30"));
    }

    @Test
    void nonUrgentRemindersWaitForOfficeHours() {
        assertThat(deadlines.nextWorkingTime(at("2026-11-23T09:00"))).isEqualTo(at("2026-11-23T09:00"));
        assertThat(deadlines.nextWorkingTime(at("2026-11-23T12:30"))).isEqualTo(at("2026-11-23T14:00"));
        assertThat(deadlines.nextWorkingTime(at("2026-11-28T10:00"))).as("Saturday").isEqualTo(at("2026-11-30T08:30"));
        assertThat(deadlines.nextWorkingTime(at("2026-09-30T18:00"))).as("before National Day").isEqualTo(at("2026-10-08T08:30"));
    }

    @Test
    void aDeadlineIntoAYearWithoutACalendarUsesAProvisionalOneAndSaysSo() {
        Deadlines withProvisional = new Deadlines(WorkingCalendar.withProvisionalYears(List.of(WorkingCalendar.readClasspathYear(2026))));
        ClockSchedule schedule = withProvisional.schedule(ClockTerms.of(at("2026-12-30T10:00"), new SlaDuration(3, Unit.WORKING_DAYS),
                List.of(50)));
        // 12-31 (1), 2027-01-01 Fri is 元旦 (statutory, off without the notice too), Mon 01-04 (2), Tue 01-05 (3).
        assertThat(schedule.deadline()).isEqualTo(at("2027-01-05T10:00"));
        assertThat(schedule.calendarVersion()).isEqualTo("2026.1+2027.provisional");
    }

    static Instant at(String shanghaiLocal) {
        return LocalDateTime.parse(shanghaiLocal).atZone(WorkingCalendar.ZONE).toInstant();
    }
}
