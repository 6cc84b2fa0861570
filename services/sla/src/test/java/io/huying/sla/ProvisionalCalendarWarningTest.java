package io.huying.sla;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.SlaCalendarProvisional;
import io.huying.contracts.schema.EventSchemas;
import io.huying.sla.service.ClockRecompute;
import io.huying.sla.service.ProvisionalCalendars;
import io.huying.sla.service.SlaRules;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 临时工作日历预警: ops hear once a day that deadlines run on a provisional calendar, until the years are loaded. */
@QuarkusTest
class ProvisionalCalendarWarningTest {
    private static final String KEY = SlaCalendarProvisional.SUBJECT.toString();

    @Inject
    ObjectMapper json;
    @Inject
    MovableClock clock;
    @Inject
    SlaRules rules;
    @Inject
    ClockRecompute recompute;
    @Inject
    ProvisionalCalendars provisional;

    private final EventSchemas schemas = new EventSchemas();
    private final List<Integer> loaded = new ArrayList<>();
    private Calendars calendars;

    @BeforeEach
    void open() throws Throwable {
        calendars = new Calendars(json, rules, recompute);
        calendars.forget(2027);
    }

    @AfterEach
    void close() throws Throwable {
        clock.reset();
        for (int year : loaded) {
            calendars.forget(year);
        }
    }

    @Test
    void opsAreWarnedOnceADayWhileNextYearsNoticeIsNotLoadedEvenWhenAskedTwice() throws Throwable {
        try (TopicProbe sla = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.SLA)) {
            clock.set(Instant.parse("2026-12-20T01:00:00Z")); // 09:00 in Beijing, twelve days before 2027
            assertThat(warnIfDue()).isTrue();
            assertThat(warnIfDue()).as("asked again the same day").isFalse();
            clock.set(Instant.parse("2026-12-21T01:00:00Z"));
            assertThat(warnIfDue()).as("the next day").isTrue();
            assertThat(warnIfDue()).isFalse();

            // Marker: the second day's warning, on the same key, comes after everything of the first day.
            List<ConsumerRecord<String, String>> warnings = sla.distinctUntil(r -> KEY.equals(r.key()),
                    r -> KEY.equals(r.key()) && r.value().contains("\"day\":\"2026-12-21\""), Duration.ofSeconds(30));
            List<JsonNode> events = warnings.stream().map(r -> read(r.value())).toList();
            assertThat(events).extracting(e -> e.at("/data/day").asText()).containsExactly("2026-12-20", "2026-12-21");
            JsonNode first = events.get(0);
            assertThat(schemas.violations(first)).isEmpty();
            assertThat(first.path("type").asText()).isEqualTo(EventTypes.SLA_CALENDAR_PROVISIONAL);
            assertThat(first.at("/data/horizonUntil").asText()).isEqualTo("2027-02-03");
            assertThat(first.at("/data/years")).anySatisfy(y -> {
                assertThat(y.path("year").asInt()).isEqualTo(2027);
                assertThat(y.path("version").asText()).isEqualTo("2027.provisional");
            });
        }
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE,
                "select count(*) from sla_calendar_warning where day in ('2026-12-20', '2026-12-21')")).isEqualTo(2);
    }

    @Test
    void noWarningOnceEveryYearInUseIsLoaded() throws Throwable {
        clock.set(Instant.parse("2027-03-01T01:00:00Z")); // the look-ahead stays in 2027
        List<SlaCalendarProvisional.Year> needed = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> provisional.needed(provisional.today(), null)));
        assertThat(needed).extracting(SlaCalendarProvisional.Year::year).contains(2027);

        // 2027, and any later year that open clocks of other tests reach when the machine's date is late.
        for (SlaCalendarProvisional.Year year : needed) {
            loaded.add(year.year());
            calendars.load(calendars.notice(year.year(), List.<String[]>of(new String[] {year.year() + "-01-01", year.year() + "-01-01"}),
                    List.of()));
        }

        assertThat(warnIfDue()).isFalse();
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_calendar_warning where day = '2027-03-01'")).isZero();
    }

    private boolean warnIfDue() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> provisional.warnIfDue());
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
