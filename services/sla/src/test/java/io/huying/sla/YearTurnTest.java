package io.huying.sla;

import static io.huying.sla.Lifecycle.URBAN;
import static io.huying.sla.Lifecycle.of;
import static io.huying.sla.SlaResourceTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.schema.EventSchemas;
import io.huying.sla.domain.ClockSchedule;
import io.huying.sla.domain.ClockTerms;
import io.huying.sla.domain.SlaPolicy;
import io.huying.sla.service.ClockRecompute;
import io.huying.sla.service.SlaRules;
import io.huying.sla.service.Timers;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The turn of the year before the State Council's notice for 2027 is loaded: deadlines run on the
 * provisional 2027 calendar (statutory holidays, no 调休), the clocks say so, and loading the notice
 * recomputes them. Expected deadlines come from the engine's own calendar ({@link SlaRules}).
 */
@QuarkusTest
class YearTurnTest {
    /** Thursday 2026-12-31 14:00 in Beijing: the raise; the dispatch follows half a minute later. */
    private static final Instant NEW_YEARS_EVE_1400 = Instant.parse("2026-12-31T06:00:00Z");
    /** Friday 2027-01-08 14:00 in Beijing, the day before the test notice's make-up Saturday. */
    private static final Instant FRIDAY_0108_1400 = Instant.parse("2027-01-08T06:00:00Z");

    @Inject
    ObjectMapper json;
    @Inject
    MovableClock clock;
    @Inject
    SlaRules rules;
    @Inject
    ClockRecompute recompute;
    @Inject
    Timers timers;

    private final EventSchemas schemas = new EventSchemas();
    private Lifecycle lifecycle;
    private Calendars calendars;

    @BeforeEach
    void open() throws Throwable {
        lifecycle = new Lifecycle(json);
        calendars = new Calendars(json, rules, recompute);
        calendars.forget(2027);
    }

    @AfterEach
    void close() throws Throwable {
        clock.reset();
        calendars.forget(2027);
        lifecycle.close();
    }

    @Test
    void aRoutineCallDispatchedOnNewYearsEveIsDueMondayAfterWarnsAtItsThresholdsAndBreachesOnce() throws Throwable {
        clock.set(NEW_YEARS_EVE_1400);
        Lifecycle.Call call = Lifecycle.newCall("SR-01", Urgency.ROUTINE);
        UUID task = UUID.randomUUID();
        Instant dispatched = NEW_YEARS_EVE_1400.plusSeconds(30);
        lifecycle.publish(lifecycle.accepted(call, NEW_YEARS_EVE_1400));
        lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, dispatched));

        JsonNode started = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STARTED, "SIGN_FOR"), 1).get(0);
        Instant deadline = Instant.parse(started.at("/data/deadline").asText());
        // 1 working day: Friday 01-01 is 元旦, 01-02 and 01-03 a weekend.
        assertThat(deadline).isEqualTo(Instant.parse("2027-01-04T06:00:30Z"))
                .isEqualTo(rules.current().calendar().addWorkingDays(dispatched, 1));
        assertThat(started.at("/data/calendarVersion").asText()).isEqualTo("2026.1+2027.provisional");
        SlaPolicy.Terms terms = rules.current().policy().termsFor("SR-01", Urgency.ROUTINE, ClockKind.SIGN_FOR);
        ClockSchedule expected = rules.current().deadlines().schedule(ClockTerms.of(dispatched, terms.duration(), terms.warnings()));
        List<Instant> warningsAt = StreamSupport.stream(started.at("/data/warningsAt").spliterator(), false)
                .map(w -> Instant.parse(w.asText())).toList();
        assertThat(warningsAt).hasSize(2).isEqualTo(expected.warningTimes());

        as("baiyun.ops").get("/api/sla/calls/" + call.id() + "/clocks").then().statusCode(200)
                .body("find { it.clock == 'SIGN_FOR' }.calendarProvisional", equalTo(true))
                .body("find { it.clock == 'SIGN_FOR' }.calendarVersion", equalTo("2026.1+2027.provisional"));
        as("baiyun.ops").get("/api/sla/board").then().statusCode(200)
                .body("calendar.loaded.year", hasItem(2026))
                .body("calendar.provisional.find { it.year == 2027 }.version", equalTo("2027.provisional"));

        // Up the ladder, the clock moved: each warning when its share is used, no breach before the deadline.
        clock.set(warningsAt.get(0).plusSeconds(1));
        fireAllDue();
        assertThat(lifecycle.sla(call, of(EventTypes.SLA_WARNING, "SIGN_FOR"), 1)).extracting(e -> e.at("/data/threshold").asInt())
                .containsExactly(terms.warnings().get(0));
        clock.set(warningsAt.get(1).plusSeconds(1));
        fireAllDue();
        lifecycle.sla(call, of(EventTypes.SLA_WARNING, "SIGN_FOR"), 2);
        lifecycle.sla(call, of(EventTypes.SLA_ESCALATED, "SIGN_FOR"), 1);
        clock.set(deadline.minusSeconds(1));
        fireAllDue();
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where clock_key = ? and breached_at is null",
                "SIGN_FOR:" + task)).as("not breached a second before the deadline").isOne();
        clock.set(deadline.plusSeconds(30));
        fireAllDue();
        fireAllDue();
        JsonNode breach = lifecycle.sla(call, of(EventTypes.SLA_BREACHED, "SIGN_FOR"), 1).get(0);
        assertThat(Instant.parse(breach.at("/data/at").asText())).isEqualTo(deadline);

        // Marker: signing for late, after every timer fired; it stops the clock BREACHED.
        lifecycle.publish(lifecycle.response(EventTypes.TASK_ACKNOWLEDGED, call, task, URBAN, deadline.plusSeconds(60)));
        List<JsonNode> signFor = lifecycle.slaUntil(call, e -> "SIGN_FOR".equals(e.at("/data/clock").asText()),
                of(EventTypes.SLA_CLOCK_STOPPED, "SIGN_FOR"));
        assertThat(signFor).allSatisfy(e -> assertThat(schemas.violations(e)).as(e.toString()).isEmpty());
        assertThat(signFor).filteredOn(of(EventTypes.SLA_BREACHED, null)).as("breached once").hasSize(1);
        assertThat(signFor).filteredOn(of(EventTypes.SLA_WARNING, null)).extracting(e -> e.at("/data/threshold").asInt())
                .containsExactlyElementsOf(terms.warnings());
        assertThat(signFor).filteredOn(of(EventTypes.SLA_CLOCK_STOPPED, null)).singleElement()
                .satisfies(e -> assertThat(e.at("/data/outcome").asText()).isEqualTo("BREACHED"));
    }

    @Test
    void loadingThe2027NoticeWithAMakeUpSaturdayRecomputesOpenClocksOntoIt() {
        clock.set(FRIDAY_0108_1400);
        Lifecycle.Call call = Lifecycle.newCall("SR-01", Urgency.ROUTINE);
        UUID task = UUID.randomUUID();
        Instant dispatched = FRIDAY_0108_1400.plusSeconds(30);
        lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, dispatched));
        JsonNode started = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STARTED, "SIGN_FOR"), 1).get(0);
        Instant provisional = Instant.parse(started.at("/data/deadline").asText());
        assertThat(provisional).as("Monday, over the weekend").isEqualTo(Instant.parse("2027-01-11T06:00:30Z"))
                .isEqualTo(rules.current().calendar().addWorkingDays(dispatched, 1));

        String version = calendars.load(calendars.notice(2027, List.<String[]>of(new String[] {"2027-01-01", "2027-01-03"}),
                List.of("2027-01-09")));

        JsonNode moved = lifecycle.sla(call, of(EventTypes.SLA_DEADLINE_CHANGED, "SIGN_FOR"), 1).get(0);
        assertThat(schemas.violations(moved)).isEmpty();
        assertThat(moved.at("/data/reason").asText()).isEqualTo("RECOMPUTED");
        assertThat(Instant.parse(moved.at("/data/previousDeadline").asText())).isEqualTo(provisional);
        assertThat(Instant.parse(moved.at("/data/deadline").asText())).as("the make-up Saturday 2027-01-09")
                .isEqualTo(Instant.parse("2027-01-09T06:00:30Z"))
                .isEqualTo(rules.current().calendar().addWorkingDays(dispatched, 1));
        assertThat(moved.at("/data/calendarVersion").asText()).isEqualTo(version);
        as("baiyun.ops").get("/api/sla/calls/" + call.id() + "/clocks").then().statusCode(200)
                .body("find { it.clock == 'SIGN_FOR' }.calendarProvisional", equalTo(false))
                .body("find { it.clock == 'SIGN_FOR' }.calendarVersion", equalTo(version));
        assertThat(rules.current().calendar().isProvisional(2027)).isFalse();
    }

    @Test
    void anotherRoleTryingToLoadACalendarOrAPolicyIsRefusedAndNothingChanges() {
        clock.set(FRIDAY_0108_1400);
        Lifecycle.Call call = Lifecycle.newCall("SR-01", Urgency.ROUTINE);
        UUID task = UUID.randomUUID();
        lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, FRIDAY_0108_1400.plusSeconds(30)));
        String deadline = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STARTED, "SIGN_FOR"), 1).get(0).at("/data/deadline").asText();
        String policies = LocalInfra.queryString(SlaTestInfra.DATABASE, "select string_agg(version || ':' || active, ',' order by version) from sla_policy");
        String policyInForce = rules.current().policy().version();
        ObjectNode notice = calendars.notice(2027, List.<String[]>of(new String[] {"2027-01-01", "2027-01-03"}), List.of("2027-01-09"));
        ObjectNode policy = json.valueToTree(rules.current().policy());
        policy.put("version", "2027.refused-" + UUID.randomUUID().toString().substring(0, 6));

        for (String user : List.of("baiyun.ops", "urban.section", "jinsha.dispatcher")) {
            as(user).contentType(ContentType.JSON).body(notice.toString()).put("/api/sla/admin/calendars/2027").then().statusCode(403);
            as(user).contentType(ContentType.JSON).body(policy.toString()).put("/api/sla/admin/policies").then().statusCode(403);
        }

        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_calendar where year = 2027")).isZero();
        assertThat(LocalInfra.queryString(SlaTestInfra.DATABASE, "select string_agg(version || ':' || active, ',' order by version) from sla_policy"))
                .isEqualTo(policies);
        assertThat(rules.current().calendar().isProvisional(2027)).isTrue();
        assertThat(rules.current().policy().version()).isEqualTo(policyInForce);
        assertThat(LocalInfra.queryString(SlaTestInfra.DATABASE, "select to_char(deadline at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                + "from sla_clock where clock_key = ?", "SIGN_FOR:" + task)).isEqualTo(Instant.parse(deadline).toString());
        // Marker: the sign-for, published after the refusals; no deadline change was announced before it.
        lifecycle.publish(lifecycle.response(EventTypes.TASK_ACKNOWLEDGED, call, task, URBAN, FRIDAY_0108_1400.plusSeconds(90)));
        List<JsonNode> announced = lifecycle.slaUntil(call, e -> true, of(EventTypes.SLA_CLOCK_STOPPED, "SIGN_FOR"));
        assertThat(announced).noneMatch(of(EventTypes.SLA_DEADLINE_CHANGED, null));
        assertThat(announced).filteredOn(of(EventTypes.SLA_CLOCK_STOPPED, "SIGN_FOR")).singleElement()
                .satisfies(e -> assertThat(Instant.parse(e.at("/data/deadline").asText())).isEqualTo(Instant.parse(deadline)));
    }

    private void fireAllDue() throws Throwable {
        while (VertxContextSupport.subscribeAndAwait(() -> timers.fireDue(500)) > 0) {
            // until nothing is due
        }
    }
}
