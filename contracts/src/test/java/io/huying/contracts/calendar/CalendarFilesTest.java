package io.huying.contracts.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped calendar files, read as plain JSON so the checks do not rely on the loader's own validation. */
class CalendarFilesTest {

    private static JsonNode raw(int year) throws IOException {
        try (InputStream in = CalendarFilesTest.class.getClassLoader()
                .getResourceAsStream("huying/calendars/" + year + ".json")) {
            assertThat(in).as("calendar file for %d", year).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    @ParameterizedTest
    @CsvSource({"2025, 28", "2026, 33"})
    void shippedFileHasDatesOnlyInItsYearAndNoDayBothOffAndWorked(int year, int expectedDaysOff) throws IOException {
        JsonNode file = raw(year);
        assertThat(file.path("year").asInt()).isEqualTo(year);
        assertThat(file.path("version").asText()).isNotBlank();

        Set<LocalDate> off = new HashSet<>();
        for (JsonNode holiday : file.path("holidays")) {
            LocalDate from = LocalDate.parse(holiday.path("from").asText());
            LocalDate to = LocalDate.parse(holiday.path("to").asText());
            assertThat(to).as(holiday.path("name").asText()).isAfterOrEqualTo(from);
            from.datesUntil(to.plusDays(1)).forEach(off::add);
        }
        Set<LocalDate> makeUp = new HashSet<>();
        for (JsonNode date : file.path("makeUpWorkdays")) {
            makeUp.add(LocalDate.parse(date.asText()));
        }

        assertThat(off).hasSize(expectedDaysOff).allSatisfy(d -> assertThat(d.getYear()).isEqualTo(year));
        assertThat(makeUp).isNotEmpty().allSatisfy(d -> {
            assertThat(d.getYear()).isEqualTo(year);
            assertThat(d.getDayOfWeek()).as("make-up day %s", d).isIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        });
        assertThat(off).doesNotContainAnyElementsOf(makeUp);
    }

    @ParameterizedTest
    @CsvSource({"2025", "2026"})
    void shippedFileHasTheGovernmentOfficeHours(int year) {
        CalendarYear calendarYear = WorkingCalendar.readClasspathYear(year);
        assertThat(calendarYear.sessions()).containsExactly(
                new WorkingSession(LocalTime.of(8, 30), LocalTime.of(12, 0)),
                new WorkingSession(LocalTime.of(14, 0), LocalTime.of(17, 30)));
        assertThat(calendarYear.workingDaysOfWeek()).containsExactlyInAnyOrder(DayOfWeek.MONDAY,
                DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    }

    @Test
    void loaderRejectsADayThatIsBothOffAndAMakeUpWorkday() {
        assertThatThrownBy(() -> read(calendarJson("\"2026-10-10\"", "2026-10-01", "2026-10-10")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-10-10 is both a holiday and a make-up workday");
    }

    @Test
    void loaderRejectsADateOutsideTheFilesYear() {
        assertThatThrownBy(() -> read(calendarJson("\"2027-01-02\"", "2026-10-01", "2026-10-07")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2027-01-02 is outside the year");
        assertThatThrownBy(() -> read(calendarJson("\"2026-10-10\"", "2025-12-31", "2026-01-01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2025-12-31 is outside the year");
    }

    @Test
    void loaderRejectsAMakeUpDayThatIsAlreadyAWeekday() {
        assertThatThrownBy(() -> read(calendarJson("\"2026-10-09\"", "2026-10-01", "2026-10-07")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already a working day");
    }

    @Test
    void loaderAcceptsAWellFormedFile() {
        CalendarYear year = read(calendarJson("\"2026-10-10\"", "2026-10-01", "2026-10-07"));
        assertThat(year.daysOff()).hasSize(7);
        assertThat(year.makeUpWorkdays()).containsExactly(LocalDate.of(2026, 10, 10));
    }

    private static CalendarYear read(String json) {
        return WorkingCalendar.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
    }

    private static String calendarJson(String makeUpDays, String holidayFrom, String holidayTo) {
        return """
                {"year": 2026, "version": "t", "source": "test",
                 "workingDaysOfWeek": %s,
                 "sessions": [{"start": "08:30", "end": "12:00"}, {"start": "14:00", "end": "17:30"}],
                 "holidays": [{"name": "x", "from": "%s", "to": "%s"}],
                 "makeUpWorkdays": [%s]}
                """.formatted(List.of("\"MONDAY\"", "\"TUESDAY\"", "\"WEDNESDAY\"", "\"THURSDAY\"", "\"FRIDAY\""),
                holidayFrom, holidayTo, makeUpDays);
    }
}
