package io.huying.sla.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huying.contracts.calendar.CalendarYearNotLoadedException;
import io.huying.contracts.calendar.WorkingCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's calendar: the stored years, and a provisional year for every year of the lunar-date table that has none. */
class ProvisionalYearsTest {
    private final WorkingCalendar calendar = WorkingCalendar.withProvisionalYears(
            List.of(WorkingCalendar.readClasspathYear(2025), WorkingCalendar.readClasspathYear(2026)));

    @Test
    void aYearWithoutItsNoticeRunsOnItsStatutoryHolidaysAndIsMarkedProvisional() {
        assertThat(calendar.versionOf(2026)).isEqualTo("2026.1");
        assertThat(calendar.isProvisional(2026)).isFalse();
        assertThat(calendar.versionOf(2027)).isEqualTo("2027.provisional");
        assertThat(calendar.isProvisional(2027)).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.parse("2027-01-01"))).as("元旦").isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.parse("2027-05-04"))).as("劳动节补假").isFalse();
        assertThat(calendar.sessionsOn(LocalDate.parse("2027-01-04"))).isEqualTo(calendar.sessionsOn(LocalDate.parse("2026-12-31")));
        // A 一般 call's 签收 (1 working day) from Thursday 2026-12-31 14:00:30: New Year's Day and the weekend do not count.
        assertThat(calendar.addWorkingDays(Instant.parse("2026-12-31T06:00:30Z"), 1)).isEqualTo(Instant.parse("2027-01-04T06:00:30Z"));
        assertThat(new Deadlines(calendar).calendarVersion(Instant.parse("2026-12-31T06:00:30Z"), Instant.parse("2027-01-04T06:00:30Z")))
                .isEqualTo("2026.1+2027.provisional");
    }

    @Test
    void aYearNeitherStoredNorInTheTableStillFails() {
        int beyond = calendar.years().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
        assertThatThrownBy(() -> calendar.isWorkingDay(LocalDate.of(beyond, 3, 2))).isInstanceOf(CalendarYearNotLoadedException.class);
        assertThatThrownBy(() -> calendar.isWorkingDay(LocalDate.of(2019, 3, 4))).isInstanceOf(CalendarYearNotLoadedException.class);
    }
}
