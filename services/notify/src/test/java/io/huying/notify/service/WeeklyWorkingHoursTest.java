package io.huying.notify.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default window: Monday to Friday, 08:30–12:00 and 13:30–17:30, Asia/Shanghai. */
class WeeklyWorkingHoursTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final WeeklyWorkingHours hours = new WeeklyWorkingHours(SHANGHAI,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), List.of("13:30-17:30", "08:30-12:00"));

    @Test
    void anInstantInASessionIsItself() {
        assertThat(hours.nextWorkingInstant(at("2026-12-02T08:30"))).isEqualTo(at("2026-12-02T08:30"));
        assertThat(hours.nextWorkingInstant(at("2026-12-02T17:29"))).isEqualTo(at("2026-12-02T17:29"));
    }

    @Test
    void beforeWorkTheLunchBreakAndTheEveningWaitForTheNextSession() {
        assertThat(hours.nextWorkingInstant(at("2026-12-02T07:00"))).isEqualTo(at("2026-12-02T08:30"));
        assertThat(hours.nextWorkingInstant(at("2026-12-02T12:00"))).isEqualTo(at("2026-12-02T13:30"));
        assertThat(hours.nextWorkingInstant(at("2026-12-02T17:30"))).isEqualTo(at("2026-12-03T08:30"));
    }

    @Test
    void fridayEveningAndTheWeekendWaitForMonday() {
        assertThat(hours.nextWorkingInstant(at("2026-12-04T18:00"))).isEqualTo(at("2026-12-07T08:30"));
        assertThat(hours.nextWorkingInstant(at("2026-12-06T10:00"))).isEqualTo(at("2026-12-07T08:30"));
    }

    @Test
    void aSessionThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> new WeeklyWorkingHours(SHANGHAI, EnumSet.of(DayOfWeek.MONDAY), List.of("12:00-08:30")))
                .hasMessageContaining("ends before it starts");
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }
}
