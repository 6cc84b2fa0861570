package io.huying.contracts.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.icu.impl.CalendarAstronomer;
import com.ibm.icu.util.ChineseCalendar;
import com.ibm.icu.util.TimeZone;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 法定节假日: the lunar-date table proved against ICU, the 2025 办法 applied, and checked against real notices. */
class StatutoryHolidaysTest {
    /**
     * The years whose 正月初一 new moon falls within minutes of Beijing midnight: ICU's approximate lunar
     * theory puts it on the other side, the official calendar (and the table) does not.
     */
    private static final Set<Integer> NEW_MOON_AT_MIDNIGHT = Set.of(2027, 2030);

    private final StatutoryHolidays statutory = StatutoryHolidays.fromClasspath();

    @Test
    void theTableCoversEveryYearFrom2020To2050() {
        assertThat(statutory.years()).containsAll(IntStream.rangeClosed(2020, 2050).boxed().toList());
    }

    @Test
    void everyTabulatedLunarDateIsTheDayIcusChineseCalendarNamesSoExceptWhereTheNewMoonIsAtMidnight() {
        for (int year : statutory.years()) {
            StatutoryHolidays.MovingDates m = statutory.movingDates(year);
            assertThat(lunar(m.dragonBoat())).as("端午 %d", year).isEqualTo("5-5");
            assertThat(lunar(m.midAutumn())).as("中秋 %d", year).isEqualTo("8-15");
            LocalDate springFestival = m.newYearsEve().plusDays(1);
            if (!NEW_MOON_AT_MIDNIGHT.contains(year)) {
                assertThat(lunar(springFestival)).as("春节 %d", year).isEqualTo("1-1");
                assertThat(lunar(m.newYearsEve())).as("除夕 %d", year).startsWith("12-");
                continue;
            }
            // ICU's 正月初一 is one day off, because its new moon lies within half an hour of a Beijing midnight.
            LocalDate icuSpringFestival = lunar(springFestival).equals("1-1") ? null
                    : lunar(springFestival.plusDays(1)).equals("1-1") ? springFestival.plusDays(1) : springFestival.minusDays(1);
            assertThat(icuSpringFestival).as("ICU's 春节 %d", year).isNotNull();
            assertThat(lunar(icuSpringFestival)).isEqualTo("1-1");
            long newMoon = new CalendarAstronomer(springFestival.minusDays(1).atStartOfDay(WorkingCalendar.ZONE).toInstant().toEpochMilli())
                    .getMoonTime(CalendarAstronomer.NEW_MOON, true);
            ZonedDateTime at = Instant.ofEpochMilli(newMoon).atZone(WorkingCalendar.ZONE);
            ZonedDateTime midnight = at.getHour() < 12 ? at.toLocalDate().atStartOfDay(WorkingCalendar.ZONE)
                    : at.toLocalDate().plusDays(1).atStartOfDay(WorkingCalendar.ZONE);
            assertThat(Duration.between(at, midnight).abs()).as("ICU's new moon before 春节 %d, %s", year, at)
                    .isLessThan(Duration.ofMinutes(30));
        }
    }

    @Test
    void everyTabulatedQingmingIsTheBeijingDayTheSunReachesFifteenDegrees() {
        for (int year : statutory.years()) {
            long march = LocalDate.of(year, 3, 20).atStartOfDay(WorkingCalendar.ZONE).toInstant().toEpochMilli();
            long qingming = new CalendarAstronomer(march).getSunTime(Math.toRadians(15), true);
            assertThat(statutory.movingDates(year).qingming()).as("清明 %d", year)
                    .isEqualTo(LocalDate.ofInstant(Instant.ofEpochMilli(qingming), WorkingCalendar.ZONE));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2025, 2026})
    void everyProvisionalDayOffIsADayOffInTheShippedNoticeOfThatYear(int year) {
        CalendarYear notice = WorkingCalendar.readClasspathYear(year);
        WorkingCalendar real = WorkingCalendar.of(List.of(notice));
        CalendarYear provisional = statutory.provisionalYear(year, notice.sessions());

        assertThat(provisional.daysOff()).hasSizeGreaterThanOrEqualTo(13)
                .allSatisfy(day -> assertThat(real.isWorkingDay(day)).as("%s in the %d notice", day, year).isFalse());
        assertThat(provisional.makeUpWorkdays()).as("调休 are only known from the notice").isEmpty();
        assertThat(provisional.version()).isEqualTo(year + ".provisional");
        assertThat(provisional.source()).contains("provisional");
    }

    @Test
    void aHolidayOnASaturdayOrSundayIsMadeUpOnTheFollowingWorkingDays() {
        // 2027: 春节 Fri 02-05 to Mon 02-08 with a weekend inside, 劳动节 Sat–Sun, 国庆 Fri–Sun.
        assertThat(off(2027)).containsSubsequence(LocalDate.parse("2027-01-01"),
                LocalDate.parse("2027-02-05"), LocalDate.parse("2027-02-06"), LocalDate.parse("2027-02-07"), LocalDate.parse("2027-02-08"),
                LocalDate.parse("2027-02-09"), LocalDate.parse("2027-02-10"),
                LocalDate.parse("2027-04-05"),
                LocalDate.parse("2027-05-01"), LocalDate.parse("2027-05-02"), LocalDate.parse("2027-05-03"), LocalDate.parse("2027-05-04"),
                LocalDate.parse("2027-06-09"), LocalDate.parse("2027-09-15"),
                LocalDate.parse("2027-10-01"), LocalDate.parse("2027-10-02"), LocalDate.parse("2027-10-03"), LocalDate.parse("2027-10-04"),
                LocalDate.parse("2027-10-05"));
        assertThat(off(2027)).hasSize(19).doesNotContain(LocalDate.parse("2027-02-11"), LocalDate.parse("2027-10-06"));
        assertThat(statutory.holidays(2027)).extracting(HolidayPeriod::name).contains("春节补假", "劳动节补假", "国庆节补假")
                .doesNotContain("元旦补假", "清明节补假");
        // 2020: 中秋 was October 1, a day 国庆 has too; with Saturday 10-03 two days are owed, Monday and Tuesday.
        assertThat(off(2020)).filteredOn(d -> d.getMonthValue() == 10).containsExactly(LocalDate.parse("2020-10-01"),
                LocalDate.parse("2020-10-02"), LocalDate.parse("2020-10-03"), LocalDate.parse("2020-10-05"), LocalDate.parse("2020-10-06"));
    }

    @Test
    void aYearOutsideTheTableHasNoProvisionalCalendar() {
        int after = statutory.years().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
        assertThatThrownBy(() -> statutory.provisionalYear(after, WorkingCalendar.readClasspathYear(2026).sessions()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(after));
    }

    private List<LocalDate> off(int year) {
        return statutory.provisionalYear(year, WorkingCalendar.readClasspathYear(2026).sessions()).daysOff().stream().sorted()
                .collect(Collectors.toList());
    }

    /** The Chinese calendar's month-day of {@code date} as ICU computes it, "L" before a leap month. */
    private static String lunar(LocalDate date) {
        ChineseCalendar chinese = new ChineseCalendar(TimeZone.getTimeZone("Asia/Shanghai"));
        chinese.setTimeInMillis(date.atTime(12, 0).atZone(WorkingCalendar.ZONE).toInstant().toEpochMilli());
        return (chinese.get(ChineseCalendar.IS_LEAP_MONTH) == 1 ? "L" : "") + (chinese.get(ChineseCalendar.MONTH) + 1) + "-"
                + chinese.get(ChineseCalendar.DAY_OF_MONTH);
    }
}
