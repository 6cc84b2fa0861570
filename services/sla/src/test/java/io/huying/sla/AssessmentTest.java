package io.huying.sla;

import static io.huying.sla.Lifecycle.URBAN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.calendar.WorkingCalendar;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgTree;
import io.huying.platform.error.ProblemException;
import io.huying.sla.domain.AssessmentMeasure;
import io.huying.sla.domain.MonthlyAssessment;
import io.huying.sla.service.Assessments;
import io.huying.sla.service.Timers;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * 考核: one month of events published by hand — March 2025 in Asia/Shanghai, category SR-01 紧急
 * (sign-for 2 working hours, resolve 24 clock hours; sessions 08:30–12:00, 14:00–17:30) — and every
 * figure compared with the hand count below. "Now" stands before the month while the events go in (no
 * timer fires early), then at 2025-03-31 12:00, when the overdue timers fire.
 *
 * <pre>
 * task unit     role   dispatched   what happened                                    sign-for  resolve       verification
 * F1   urban    LEAD   03-01 00:30  (Sat; 02-28 16:30 UTC) signed 01:00, done 20:00  MET       MET
 * A1   urban    LEAD   03-03 09:00  signed 09:30, done 15:00                          MET       MET           r1 closed 满意
 * B1   urban    LEAD   03-04 09:00  signed 03-05 10:00, done 03-07 10:00              late      late          r1 reopened 不满意
 * C1   urban    LEAD   03-05 09:00  returned 10:00                                    MET       (returned)
 * C3   urban    ASSIST 03-05 09:00  never signed for                                  breached  (assisting)
 * C2   civil    LEAD   03-05 11:00  rerouted; signed 11:30, done 03-06 10:00          MET       MET           r1 closed 基本满意
 * B2   urban    LEAD   03-10 09:00  rework; signed 09:10, done 16:00                  MET       MET           r2 auto-closed
 * D1   civil    LEAD   03-12 09:00  withdrawn (改派) 09:30                             (left out) (left out)
 * D2   urban    LEAD   03-12 09:40  redispatched; signed 09:50, never done            MET       breached
 * K1   civil    LEAD   03-17 09:00  signed 09:20, done 03-19 09:00                    MET       late          r1 closed 不满意
 * H1   housing  LEAD   03-20 09:00  signed 09:30, never done                          MET       breached
 * G1   urban    LEAD   03-31 11:00  open, not yet due                                 —         —
 * E1   urban    LEAD   04-01 00:30  (03-31 16:30 UTC: April in Shanghai) returned 09:00
 *
 * urban   tasks 8: sign-for 5/7, on time 3/5, returned 1/8, rework 1/4, satisfied 1/2, resolved 1/2
 *         score 30 × 5/7 + 35 × 1/2 + 35 × 1/2 = 56.43
 * civil   tasks 3: sign-for 2/2, on time 1/2, returned 0/3, rework 0/2, satisfied 1/2, resolved 2/2
 *         score 30 + 35 + 17.5 = 82.50
 * housing tasks 1: sign-for 1/1, on time 0/1, returned 0/1, no rework, no verification
 *         score 100.00 (only 响应率 has a denominator: renormalised)
 * </pre>
 *
 * The test database is emptied at every start, but the tests' broker keeps earlier runs' events and a fresh
 * consumer group replays them: the test waits until the consumer has caught up, then clears March 2025's
 * task facts (earlier runs of this test) before publishing its own.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssessmentTest {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final YearMonth MARCH = YearMonth.of(2025, 3);
    private static final String CIVIL = "/baiyun/jinsha/sections/civil";
    private static final String HOUSING = "/baiyun/departments/housing";
    private static final Instant NOW = march(31, 12, 0);

    @Inject
    ObjectMapper json;
    @Inject
    MovableClock clock;
    @Inject
    Timers timers;
    @Inject
    Assessments assessments;

    private Lifecycle lifecycle;
    private final List<CloudEvent> events = new ArrayList<>();
    private final Map<String, UUID> tasks = new HashMap<>();
    private final Map<UUID, String> numbers = new HashMap<>();

    @BeforeAll
    void publishTheMonth() throws Throwable {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        lifecycle = new Lifecycle(json);
        clock.set(march(1, 0, 0).minus(Duration.ofDays(2)));
        awaitConsumerCaughtUp();
        clearMonth();

        Lifecycle.Call a = call(), b = call(), c = call(), d = call(), e = call(), f = call(), g = call(), h = call(), k = call();
        dispatched(f, "F1", TaskRole.LEAD, URBAN, DispatchReason.ROUTED, 1, march(1, 0, 30));
        response(EventTypes.TASK_ACKNOWLEDGED, f, "F1", URBAN, march(1, 1, 0));
        response(EventTypes.TASK_COMPLETED, f, "F1", URBAN, march(1, 20, 0));

        dispatched(a, "A1", TaskRole.LEAD, URBAN, DispatchReason.ROUTED, 1, march(3, 9, 0));
        response(EventTypes.TASK_ACKNOWLEDGED, a, "A1", URBAN, march(3, 9, 30));
        response(EventTypes.TASK_COMPLETED, a, "A1", URBAN, march(3, 15, 0));
        events.add(lifecycle.verificationOpened(a, tasks.get("A1"), URBAN, 1, march(3, 15, 0)));
        events.add(lifecycle.verificationClosed(a, tasks.get("A1"), URBAN, 1, "SATISFIED", march(4, 10, 0)));

        dispatched(b, "B1", TaskRole.LEAD, URBAN, DispatchReason.ROUTED, 1, march(4, 9, 0));
        response(EventTypes.TASK_ACKNOWLEDGED, b, "B1", URBAN, march(5, 10, 0));
        response(EventTypes.TASK_COMPLETED, b, "B1", URBAN, march(7, 10, 0));
        events.add(lifecycle.verificationOpened(b, tasks.get("B1"), URBAN, 1, march(7, 10, 0)));
        events.add(lifecycle.verificationReopened(b, tasks.get("B1"), URBAN, 1, "DISSATISFIED", march(8, 10, 0)));
        dispatched(b, "B2", TaskRole.LEAD, URBAN, DispatchReason.REWORK, 2, march(10, 9, 0));
        response(EventTypes.TASK_ACKNOWLEDGED, b, "B2", URBAN, march(10, 9, 10));
        response(EventTypes.TASK_COMPLETED, b, "B2", URBAN, march(10, 16, 0));
        events.add(lifecycle.verificationOpened(b, tasks.get("B2"), URBAN, 2, march(10, 16, 0)));
        events.add(lifecycle.verificationAutoClosed(b, tasks.get("B2"), URBAN, 2, march(13, 16, 0)));

        dispatched(c, "C1", TaskRole.LEAD, URBAN, DispatchReason.ROUTED, 1, march(5, 9, 0));
        dispatched(c, "C3", TaskRole.ASSIST, URBAN, DispatchReason.ROUTED, 1, march(5, 9, 0));
        response(EventTypes.TASK_RETURNED, c, "C1", URBAN, march(5, 10, 0));
        dispatched(c, "C2", TaskRole.LEAD, CIVIL, DispatchReason.REROUTED, 1, march(5, 11, 0));
        response(EventTypes.TASK_ACKNOWLEDGED, c, "C2", CIVIL, march(5, 11, 30));
        response(EventTypes.TASK_COMPLETED, c, "C2", CIVIL, march(6, 10, 0));
        events.add(lifecycle.verificationOpened(c, tasks.get("C2"), CIVIL, 1, march(6, 10, 0)));
        events.add(lifecycle.verificationClosed(c, tasks.get("C2"), CIVIL, 1, "BASICALLY_SATISFIED", march(7, 9, 0)));

        dispatched(d, "D1", TaskRole.LEAD, CIVIL, DispatchReason.ROUTED, 1, march(12, 9, 0));
        events.add(lifecycle.withdrawn(d, tasks.get("D1"), CIVIL, march(12, 9, 30)));
        dispatched(d, "D2", TaskRole.LEAD, URBAN, DispatchReason.REDISPATCHED, 1, march(12, 9, 40));
        response(EventTypes.TASK_ACKNOWLEDGED, d, "D2", URBAN, march(12, 9, 50));

        dispatched(k, "K1", TaskRole.LEAD, CIVIL, DispatchReason.ROUTED, 1, march(17, 9, 0));
        response(EventTypes.TASK_ACKNOWLEDGED, k, "K1", CIVIL, march(17, 9, 20));
        response(EventTypes.TASK_COMPLETED, k, "K1", CIVIL, march(19, 9, 0));
        events.add(lifecycle.verificationOpened(k, tasks.get("K1"), CIVIL, 1, march(19, 9, 0)));
        events.add(lifecycle.verificationClosed(k, tasks.get("K1"), CIVIL, 1, "DISSATISFIED", march(20, 9, 0)));

        dispatched(h, "H1", TaskRole.LEAD, HOUSING, DispatchReason.ROUTED, 1, march(20, 9, 0));
        response(EventTypes.TASK_ACKNOWLEDGED, h, "H1", HOUSING, march(20, 9, 30));

        dispatched(g, "G1", TaskRole.LEAD, URBAN, DispatchReason.ROUTED, 1, march(31, 11, 0));

        Instant april = LocalDateTime.of(2025, 4, 1, 0, 30).atZone(WorkingCalendar.ZONE).toInstant();
        dispatched(e, "E1", TaskRole.LEAD, URBAN, DispatchReason.ROUTED, 1, april);
        response(EventTypes.TASK_RETURNED, e, "E1", URBAN, april.plus(Duration.ofHours(8).plusMinutes(30)));

        events.forEach(lifecycle::publish);
        awaitProcessed(events);
        clock.set(NOW);
        fireAllDue();
    }

    @AfterAll
    void close() {
        clock.reset();
        lifecycle.close();
    }

    @Test
    void everyFigureOfTheMonthMatchesTheHandCount() {
        JsonNode month = figures(as("huying.admin").queryParam("month", "2025-03"));
        assertThat(month.path("month").asText()).isEqualTo("2025-03");
        assertThat(month.path("timeZone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(Instant.parse(month.path("from").asText())).isEqualTo(Instant.parse("2025-02-28T16:00:00Z"));
        assertThat(Instant.parse(month.path("to").asText())).isEqualTo(Instant.parse("2025-03-31T16:00:00Z"));
        assertThat(month.path("weights").toString()).isEqualTo("{\"response\":30,\"resolution\":35,\"satisfaction\":35}");
        assertThat(month.path("threeRates").toString())
                .isEqualTo("{\"response\":\"SIGN_FOR_ON_TIME\",\"resolution\":\"RESOLVED\",\"satisfaction\":\"SATISFIED\"}");

        JsonNode urban = unit(month, URBAN);
        assertThat(urban.path("tasks").asLong()).isEqualTo(8);
        assertFigure(urban, AssessmentMeasure.SIGN_FOR_ON_TIME, 5, 7);
        assertFigure(urban, AssessmentMeasure.RESOLVED_ON_TIME, 3, 5);
        assertFigure(urban, AssessmentMeasure.RETURNED, 1, 8);
        assertFigure(urban, AssessmentMeasure.REWORKED, 1, 4);
        assertFigure(urban, AssessmentMeasure.SATISFIED, 1, 2);
        assertFigure(urban, AssessmentMeasure.RESOLVED, 1, 2);
        assertThat(urban.path("score").decimalValue()).isEqualByComparingTo("56.43");

        JsonNode civil = unit(month, CIVIL);
        assertThat(civil.path("tasks").asLong()).isEqualTo(3);
        assertFigure(civil, AssessmentMeasure.SIGN_FOR_ON_TIME, 2, 2);
        assertFigure(civil, AssessmentMeasure.RESOLVED_ON_TIME, 1, 2);
        assertFigure(civil, AssessmentMeasure.RETURNED, 0, 3);
        assertFigure(civil, AssessmentMeasure.REWORKED, 0, 2);
        assertFigure(civil, AssessmentMeasure.SATISFIED, 1, 2);
        assertFigure(civil, AssessmentMeasure.RESOLVED, 2, 2);
        assertThat(civil.path("score").decimalValue()).isEqualByComparingTo("82.50");

        JsonNode housing = unit(month, HOUSING);
        assertThat(housing.path("tasks").asLong()).isEqualTo(1);
        assertFigure(housing, AssessmentMeasure.SIGN_FOR_ON_TIME, 1, 1);
        assertFigure(housing, AssessmentMeasure.RESOLVED_ON_TIME, 0, 1);
        assertFigure(housing, AssessmentMeasure.RETURNED, 0, 1);
        assertFigure(housing, AssessmentMeasure.REWORKED, 0, 0);
        assertFigure(housing, AssessmentMeasure.SATISFIED, 0, 0);
        assertFigure(housing, AssessmentMeasure.RESOLVED, 0, 0);
        assertThat(housing.path("score").decimalValue()).as("only 响应率 counts: renormalised over its weight").isEqualByComparingTo("100");

        JsonNode peace = unit(month, "/baiyun/jinsha/sections/peace");
        assertThat(peace.path("tasks").asLong()).as("a section given nothing is listed, without a score").isZero();
        assertThat(peace.path("score").isNull()).isTrue();
        assertThat(peace.path("measures").path("RETURNED").path("rate").isNull()).isTrue();
    }

    @Test
    void unitsAreRankedByScoreAmongTheDistrictsDepartmentsOrTheirStreetsSections() {
        JsonNode sections = figures(as("baiyun.ops").queryParam("month", "2025-03").queryParam("level", "SECTION")
                .queryParam("unit", Lifecycle.JINSHA));
        assertThat(StreamSupport.stream(sections.path("units").spliterator(), false)
                .map(u -> tuple(u.path("unitPath").asText(), u.path("level").asText(), u.path("rankingGroup").asText(),
                        u.path("rank").isNull() ? null : u.path("rank").asInt(), u.path("rankedUnits").asInt())).toList())
                .containsExactly(
                        tuple(CIVIL, "SECTION", Lifecycle.JINSHA, 1, 2),
                        tuple(URBAN, "SECTION", Lifecycle.JINSHA, 2, 2),
                        tuple("/baiyun/jinsha/sections/peace", "SECTION", Lifecycle.JINSHA, null, 2),
                        tuple("/baiyun/jinsha/sections/planning", "SECTION", Lifecycle.JINSHA, null, 2),
                        tuple("/baiyun/jinsha/sections/safety", "SECTION", Lifecycle.JINSHA, null, 2));

        JsonNode all = figures(as("baiyun.ops").queryParam("month", "2025-03"));
        JsonNode housing = unit(all, HOUSING);
        assertThat(housing.path("level").asText()).isEqualTo("DEPARTMENT");
        assertThat(housing.path("rankingGroup").asText()).isEqualTo("/baiyun");
        assertThat(housing.path("rank").asInt()).isEqualTo(1);
        assertThat(housing.path("rankedUnits").asInt()).isEqualTo(1);
        assertThat(all.path("units").get(0).path("level").asText()).as("departments first").isEqualTo("DEPARTMENT");
        assertThat(unit(all, "/baiyun/songzhou/sections/urban").path("rankingGroup").asText()).isEqualTo("/baiyun/songzhou");

        JsonNode departments = figures(as("baiyun.ops").queryParam("month", "2025-03").queryParam("level", "department"));
        assertThat(departments.path("units")).allSatisfy(u -> assertThat(u.path("level").asText()).isEqualTo("DEPARTMENT"));
        assertThat(unit(departments, HOUSING).path("rank").asInt()).as("a filter does not change a rank").isEqualTo(1);
    }

    @Test
    void everyFigureListsTheCallsBehindIt() {
        JsonNode signFor = trace(URBAN, AssessmentMeasure.SIGN_FOR_ON_TIME);
        assertThat(items(signFor)).containsExactlyInAnyOrder(
                item("F1", true), item("A1", true), item("B1", false), item("C1", true), item("C3", false), item("B2", true),
                item("D2", true));
        assertThat(signFor.path("figure").path("numerator").asLong()).isEqualTo(5);
        assertThat(signFor.path("total").asLong()).isEqualTo(7);
        List<Instant> dispatched = StreamSupport.stream(signFor.path("items").spliterator(), false)
                .map(i -> Instant.parse(i.path("dispatchedAt").asText())).toList();
        assertThat(dispatched).as("oldest task first").isSorted();
        assertThat(dispatched.get(0)).isEqualTo(march(1, 0, 30));

        assertThat(items(trace(URBAN, AssessmentMeasure.RESOLVED_ON_TIME)))
                .containsExactlyInAnyOrder(item("F1", true), item("A1", true), item("B1", false), item("B2", true), item("D2", false));
        assertThat(items(trace(URBAN, AssessmentMeasure.RETURNED))).containsExactlyInAnyOrder(item("F1", false), item("A1", false),
                item("B1", false), item("C1", true), item("C3", false), item("B2", false), item("D2", false), item("G1", false));
        assertThat(items(trace(URBAN, AssessmentMeasure.REWORKED)))
                .containsExactlyInAnyOrder(item("F1", false), item("A1", false), item("B1", true), item("B2", false));
        JsonNode satisfied = trace(URBAN, AssessmentMeasure.SATISFIED);
        assertThat(items(satisfied)).containsExactlyInAnyOrder(item("A1", true), item("B1", false));
        assertThat(satisfied.path("items")).allSatisfy(i -> assertThat(i.path("round").asInt()).isEqualTo(1));
        assertThat(items(trace(URBAN, AssessmentMeasure.RESOLVED))).containsExactlyInAnyOrder(item("A1", true), item("B1", false));
        assertThat(items(trace(CIVIL, AssessmentMeasure.SIGN_FOR_ON_TIME))).containsExactlyInAnyOrder(item("C2", true), item("K1", true));
        assertThat(items(trace(CIVIL, AssessmentMeasure.SATISFIED))).containsExactlyInAnyOrder(item("C2", true), item("K1", false));

        // Each list adds up to its figure, for every measure of every unit.
        JsonNode month = figures(as("huying.admin").queryParam("month", "2025-03"));
        for (String unit : List.of(URBAN, CIVIL, HOUSING)) {
            for (AssessmentMeasure measure : AssessmentMeasure.values()) {
                JsonNode figure = unit(month, unit).path("measures").path(measure.name());
                JsonNode traced = trace(unit, measure);
                assertThat(traced.path("items")).as(unit + " " + measure).hasSize(figure.path("denominator").asInt());
                assertThat(StreamSupport.stream(traced.path("items").spliterator(), false).filter(i -> i.path("counted").asBoolean()).count())
                        .as(unit + " " + measure).isEqualTo(figure.path("numerator").asLong());
            }
        }

        JsonNode page = figures(as("huying.admin").queryParam("month", "2025-03").queryParam("unit", URBAN).queryParam("measure", "RETURNED")
                .queryParam("page", "1").queryParam("size", "3"), "/api/sla/assessment/calls");
        assertThat(page.path("items")).hasSize(3);
        assertThat(page.path("total").asLong()).isEqualTo(8);
        assertThat(page.path("figure").path("numerator").asLong()).isEqualTo(1);
    }

    @Test
    void theNumeratorsCallsAndTheRestAddUpToEachFigure() {
        JsonNode month = figures(as("huying.admin").queryParam("month", "2025-03"));
        for (String unit : List.of(URBAN, CIVIL, HOUSING)) {
            for (AssessmentMeasure measure : AssessmentMeasure.values()) {
                String what = unit + " " + measure;
                JsonNode figure = unit(month, unit).path("measures").path(measure.name());
                JsonNode counted = part(unit, measure, "true");
                JsonNode rest = part(unit, measure, "false");
                assertThat(counted.path("total").asLong()).as(what).isEqualTo(figure.path("numerator").asLong());
                assertThat(counted.path("items")).as(what).hasSize(figure.path("numerator").asInt())
                        .allSatisfy(i -> assertThat(i.path("counted").asBoolean()).isTrue());
                assertThat(rest.path("total").asLong()).as(what)
                        .isEqualTo(figure.path("denominator").asLong() - figure.path("numerator").asLong());
                assertThat(rest.path("items")).as(what).allSatisfy(i -> assertThat(i.path("counted").asBoolean()).isFalse());
                List<String> both = new ArrayList<>(rows(counted));
                both.addAll(rows(rest));
                assertThat(both).as(what + ": the numerator's and the rest are the denominator").containsExactlyInAnyOrderElementsOf(
                        rows(trace(unit, measure)));
                assertThat(counted.path("figure")).isEqualTo(figure);
                assertThat(counted.path("counted").asBoolean()).isTrue();
            }
        }
        as("huying.admin").queryParam("month", "2025-03").queryParam("unit", URBAN).queryParam("measure", "RETURNED")
                .queryParam("counted", "yes").get("/api/sla/assessment/calls").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("counted"));
    }

    @Test
    void eachCallBehindAFigureCarriesItsTitleTimesAndOutcome() {
        JsonNode late = only(part(URBAN, AssessmentMeasure.SIGN_FOR_ON_TIME, "false"), "B1");
        assertThat(late.path("title").asText()).isEqualTo("凤岭路占道经营");
        assertThat(late.path("role").asText()).isEqualTo("LEAD");
        assertThat(Instant.parse(late.path("dispatchedAt").asText())).isEqualTo(march(4, 9, 0));
        assertThat(Instant.parse(late.path("signForStoppedAt").asText())).isEqualTo(march(5, 10, 0));
        assertThat(late.path("signForOutcome").asText()).isEqualTo("BREACHED");
        assertThat(Instant.parse(late.path("signForDeadline").asText())).isBefore(march(5, 10, 0));
        assertThat(Instant.parse(late.path("completedAt").asText())).isEqualTo(march(7, 10, 0));
        assertThat(late.path("resolveOutcome").asText()).isEqualTo("BREACHED");
        assertThat(late.path("outcome").asText()).isEqualTo("COMPLETED");

        JsonNode returned = only(part(URBAN, AssessmentMeasure.RETURNED, "true"), "C1");
        assertThat(returned.path("outcome").asText()).isEqualTo("RETURNED");
        assertThat(Instant.parse(returned.path("returnedAt").asText())).isEqualTo(march(5, 10, 0));
        assertThat(returned.path("completedAt").isNull()).isTrue();

        JsonNode open = only(part(URBAN, AssessmentMeasure.RESOLVED_ON_TIME, "false"), "D2");
        assertThat(open.path("outcome").asText()).isEqualTo("OPEN");
        assertThat(open.path("resolveOutcome").isNull()).as("still running, breached").isTrue();

        JsonNode satisfied = only(part(URBAN, AssessmentMeasure.SATISFIED, "true"), "A1");
        assertThat(satisfied.path("outcome").asText()).isEqualTo("CLOSED");
        assertThat(satisfied.path("verificationOutcome").asText()).isEqualTo("CLOSED");
        assertThat(satisfied.path("satisfaction").asText()).isEqualTo("SATISFIED");
        assertThat(Instant.parse(satisfied.path("answeredAt").asText())).isEqualTo(march(4, 10, 0));
        assertThat(satisfied.path("round").asInt()).isEqualTo(1);
        JsonNode reworked = only(part(URBAN, AssessmentMeasure.SATISFIED, "false"), "B1");
        assertThat(reworked.path("outcome").asText()).isEqualTo("REOPENED");
        assertThat(reworked.path("satisfaction").asText()).isEqualTo("DISSATISFIED");
        assertThat(part(URBAN, AssessmentMeasure.SATISFIED, "true").path("unitName").asText()).isEqualTo(name(URBAN));
    }

    @Test
    void theRankingDownloadsAsCsvWithChineseHeaders() {
        var response = as("huying.admin").queryParam("month", "2025-03").queryParam("format", "csv").get("/api/sla/assessment/export")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract();
        assertThat(response.header("Content-Disposition")).isEqualTo("attachment; filename=\"huying-assessment-2025-03.csv\"");
        byte[] bytes = response.asByteArray();
        assertThat(Arrays.copyOf(bytes, 3)).as("UTF-8 byte order mark").containsExactly(0xEF, 0xBB, 0xBF);
        String[] lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        assertThat(header).startsWith("月份", "排名", "单位", "单位路径", "层级", "排名范围", "参与排名单位数", "三率得分", "派遣任务数")
                .contains("签收及时率(%)", "签收及时率分子", "签收及时率分母", "满意率(%)", "解决率分母");
        List<String> urban = Arrays.stream(lines).filter(l -> l.contains("," + URBAN + ",")).map(l -> List.of(l.split(",", -1)))
                .findFirst().orElseThrow();
        assertThat(urban).hasSize(header.size());
        assertThat(urban.get(header.indexOf("月份"))).isEqualTo("2025-03");
        assertThat(urban.get(header.indexOf("排名"))).isEqualTo("2");
        assertThat(urban.get(header.indexOf("单位"))).isEqualTo(name(URBAN));
        assertThat(urban.get(header.indexOf("层级"))).isEqualTo("街道科室");
        assertThat(urban.get(header.indexOf("排名范围"))).isEqualTo(name(Lifecycle.JINSHA));
        assertThat(urban.get(header.indexOf("三率得分"))).isEqualTo("56.43");
        assertThat(urban.get(header.indexOf("派遣任务数"))).isEqualTo("8");
        assertThat(urban.get(header.indexOf("签收及时率(%)"))).isEqualTo("71.43");
        assertThat(urban.get(header.indexOf("签收及时率分子"))).isEqualTo("5");
        assertThat(urban.get(header.indexOf("签收及时率分母"))).isEqualTo("7");
        assertThat(urban.get(header.indexOf("返工率(%)"))).isEqualTo("25.00");
        JsonNode month = figures(as("huying.admin").queryParam("month", "2025-03"));
        assertThat(lines).as("a header and a row per unit").hasSize(1 + month.path("units").size());

        String peace = Arrays.stream(lines).filter(l -> l.contains(",/baiyun/jinsha/sections/peace,")).findFirst().orElseThrow();
        assertThat(List.of(peace.split(",", -1)).get(header.indexOf("三率得分"))).as("no score: an empty cell").isEmpty();
    }

    @Test
    void theRankingDownloadsAsAWorkbookThatASpreadsheetReaderOpens() throws Exception {
        var response = as("jinsha.ops").queryParam("month", "2025-03").queryParam("format", "xlsx").queryParam("level", "SECTION")
                .get("/api/sla/assessment/export").then().statusCode(200)
                .contentType(startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).extract();
        assertThat(response.header("Content-Disposition")).isEqualTo("attachment; filename=\"huying-assessment-2025-03.xlsx\"");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.asByteArray()))) {
            assertThat(workbook.getNumberOfSheets()).isEqualTo(1);
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getSheetName()).isEqualTo("考核 2025-03");
            Row header = sheet.getRow(0);
            List<String> headers = new ArrayList<>();
            header.forEach(c -> headers.add(c.getStringCellValue()));
            assertThat(headers).startsWith("月份", "排名", "单位", "单位路径").contains("签收及时率(%)", "三率得分");
            assertThat(workbook.getFontAt(header.getCell(0).getCellStyle().getFontIndex()).getBold()).as("a bold header").isTrue();
            assertThat(sheet.getPaneInformation().isFreezePane()).as("the header stays in view").isTrue();
            assertThat(sheet.getColumnWidth(headers.indexOf("单位路径"))).isEqualTo(34 * 256);

            Map<String, Row> byPath = new HashMap<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                byPath.put(row.getCell(headers.indexOf("单位路径")).getStringCellValue(), row);
            }
            assertThat(byPath.keySet()).as("the street's sections, nothing else").containsExactlyInAnyOrder(CIVIL, URBAN,
                    "/baiyun/jinsha/sections/peace", "/baiyun/jinsha/sections/planning", "/baiyun/jinsha/sections/safety");
            Row urban = byPath.get(URBAN);
            assertThat(urban.getCell(headers.indexOf("单位")).getStringCellValue()).isEqualTo(name(URBAN));
            Cell score = urban.getCell(headers.indexOf("三率得分"));
            assertThat(score.getCellType()).as("numbers as numbers").isEqualTo(CellType.NUMERIC);
            assertThat(score.getNumericCellValue()).isEqualTo(56.43);
            assertThat(urban.getCell(headers.indexOf("排名")).getNumericCellValue()).isEqualTo(2);
            assertThat(urban.getCell(headers.indexOf("派遣任务数")).getNumericCellValue()).isEqualTo(8);
            assertThat(urban.getCell(headers.indexOf("签收及时率(%)")).getNumericCellValue()).isEqualTo(71.43);
            assertThat(urban.getCell(headers.indexOf("签收及时率分子")).getNumericCellValue()).isEqualTo(5);
            assertThat(urban.getCell(headers.indexOf("签收及时率分母")).getNumericCellValue()).isEqualTo(7);
            assertThat(byPath.get(CIVIL).getCell(headers.indexOf("排名")).getNumericCellValue()).isEqualTo(1);
            assertThat(byPath.get(CIVIL).getCell(headers.indexOf("三率得分")).getNumericCellValue()).isEqualTo(82.5);
            Cell noScore = byPath.get("/baiyun/jinsha/sections/peace").getCell(headers.indexOf("三率得分"));
            assertThat(noScore == null || noScore.getCellType() == CellType.BLANK).as("no score: an empty cell").isTrue();
        }
    }

    @Test
    void aBadExportRequestIsNamed() {
        as("baiyun.ops").queryParam("month", "2025-03").queryParam("format", "pdf").get("/api/sla/assessment/export").then().statusCode(400)
                .contentType(PROBLEM_JSON).body("violations[0].field", equalTo("format"));
        as("baiyun.ops").queryParam("month", "2025-13").queryParam("format", "xlsx").get("/api/sla/assessment/export").then().statusCode(400)
                .contentType(PROBLEM_JSON).body("violations[0].field", equalTo("month"));
        as("urban.section").queryParam("format", "csv").get("/api/sla/assessment/export").then().statusCode(403).contentType(PROBLEM_JSON);
        given().queryParam("format", "csv").get("/api/sla/assessment/export").then().statusCode(401);
    }

    @Test
    void theDefaultMonthIsThisMonthInShanghai() {
        as("baiyun.ops").get("/api/sla/assessment").then().statusCode(200).body("month", equalTo("2025-03"));
        // Still February in UTC; "now" only ever moves back here, so no timer of the month fires.
        clock.set(Instant.parse("2025-02-28T16:10:00Z"));
        try {
            as("baiyun.ops").get("/api/sla/assessment").then().statusCode(200).body("month", equalTo("2025-03"));
            clock.set(Instant.parse("2025-02-28T15:50:00Z"));
            as("baiyun.ops").get("/api/sla/assessment").then().statusCode(200).body("month", equalTo("2025-02"));
        } finally {
            clock.set(NOW);
        }
    }

    @Test
    void aRedeliveryOfEveryEventChangesNoFigure() throws Throwable {
        JsonNode before = figures(as("huying.admin").queryParam("month", "2025-03"));

        events.forEach(lifecycle::publish);
        List<CloudEvent> copies = events.stream().map(Lifecycle::copy).toList();
        copies.forEach(lifecycle::publish);
        awaitProcessed(copies);
        fireAllDue();

        assertThat(figures(as("huying.admin").queryParam("month", "2025-03"))).isEqualTo(before);
        for (AssessmentMeasure measure : AssessmentMeasure.values()) {
            assertThat(trace(URBAN, measure).path("items").size()).as(measure.name())
                    .isEqualTo(unit(before, URBAN).path("measures").path(measure.name()).path("denominator").asInt());
        }
    }

    @Test
    void anOpsUserOfAnotherStreetSeesNoneOfIt() throws Throwable {
        OrgPath songzhou = OrgPath.of("/baiyun/songzhou");
        MonthlyAssessment figures = VertxContextSupport.subscribeAndAwait(() -> assessments.figures(MARCH, songzhou, null, null));
        assertThat(figures.units()).extracting(MonthlyAssessment.UnitResult::unitPath).containsExactly("/baiyun/songzhou/sections/urban");
        assertThat(figures.units().get(0).tasks()).isZero();
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(
                () -> assessments.trace(MARCH, songzhou, OrgPath.of(URBAN), AssessmentMeasure.SIGN_FOR_ON_TIME, 0, 100)))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().status()).isEqualTo(403));

        JsonNode filtered = figures(as("baiyun.ops").queryParam("month", "2025-03").queryParam("unit", "/baiyun/songzhou"));
        assertThat(filtered.path("units")).allSatisfy(u -> assertThat(u.path("unitPath").asText()).startsWith("/baiyun/songzhou/"));

        // Over HTTP with a street's ops user (金沙街道): its own sections only, and nothing of 松洲街道.
        JsonNode own = figures(as("jinsha.ops").queryParam("month", "2025-03"));
        assertThat(own.path("units")).isNotEmpty()
                .allSatisfy(u -> assertThat(u.path("unitPath").asText()).startsWith("/baiyun/jinsha/"));
        assertThat(figures(as("jinsha.ops").queryParam("month", "2025-03").queryParam("unit", "/baiyun/songzhou")).path("units")).isEmpty();
        as("jinsha.ops").queryParam("month", "2025-03").queryParam("unit", "/baiyun/songzhou/sections/urban")
                .queryParam("measure", "SIGN_FOR_ON_TIME").get("/api/sla/assessment/calls")
                .then().statusCode(403).contentType(PROBLEM_JSON);
    }

    @Test
    void onlyOpsAndAdminsReadTheAssessmentAndBadParametersAreNamed() {
        as("urban.section").get("/api/sla/assessment").then().statusCode(403).contentType(PROBLEM_JSON);
        as("songzhou.office").get("/api/sla/assessment/calls").then().statusCode(403).contentType(PROBLEM_JSON);
        given().get("/api/sla/assessment").then().statusCode(401).contentType(PROBLEM_JSON);

        for (String month : List.of("2025-13", "March", "2025-3", "20250301")) {
            as("baiyun.ops").queryParam("month", month).get("/api/sla/assessment").then().statusCode(400).contentType(PROBLEM_JSON)
                    .body("violations[0].field", equalTo("month"));
        }
        as("baiyun.ops").queryParam("level", "STREET").get("/api/sla/assessment").then().statusCode(400)
                .body("violations[0].field", equalTo("level"));
        as("baiyun.ops").queryParam("unit", "Jinsha").get("/api/sla/assessment").then().statusCode(400)
                .body("violations[0].field", equalTo("unit"));
        as("baiyun.ops").queryParam("month", "2025-03").queryParam("unit", URBAN).queryParam("measure", "LATE")
                .get("/api/sla/assessment/calls").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("measure"));
        as("baiyun.ops").queryParam("month", "2025-03").queryParam("unit", URBAN).get("/api/sla/assessment/calls").then().statusCode(400)
                .body("violations[0].field", equalTo("measure"));
        as("baiyun.ops").queryParam("month", "2025-03").queryParam("measure", "RETURNED").get("/api/sla/assessment/calls").then()
                .statusCode(400).body("violations[0].field", equalTo("unit"));
        as("baiyun.ops").queryParam("month", "2025-99").queryParam("unit", URBAN).queryParam("measure", "RETURNED")
                .get("/api/sla/assessment/calls").then().statusCode(400).body("violations[0].field", equalTo("month"));
        as("baiyun.ops").queryParam("unit", URBAN).queryParam("measure", "RETURNED").queryParam("size", "1000")
                .get("/api/sla/assessment/calls").then().statusCode(400).body("violations[0].field", equalTo("size"));
    }

    // --- the month's events

    private static Lifecycle.Call call() {
        return Lifecycle.newCall("SR-01", Urgency.URGENT);
    }

    private void dispatched(Lifecycle.Call call, String name, TaskRole role, String unit, DispatchReason reason, int round, Instant at) {
        UUID task = UUID.randomUUID();
        tasks.put(name, task);
        numbers.put(task, call.number());
        events.add(lifecycle.dispatched(call, task, role, unit, reason, round, at));
    }

    private void response(String type, Lifecycle.Call call, String task, String unit, Instant at) {
        events.add(lifecycle.response(type, call, tasks.get(task), unit, at));
    }

    private static Instant march(int day, int hour, int minute) {
        return LocalDateTime.of(2025, 3, day, hour, minute).atZone(WorkingCalendar.ZONE).toInstant();
    }

    // --- reading the figures

    private JsonNode figures(RequestSpecification request) {
        return figures(request, "/api/sla/assessment");
    }

    private JsonNode figures(RequestSpecification request, String path) {
        try {
            return json.readTree(request.get(path).then().statusCode(200).extract().asString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode trace(String unit, AssessmentMeasure measure) {
        return figures(as("huying.admin").queryParam("month", "2025-03").queryParam("unit", unit).queryParam("measure", measure.name()),
                "/api/sla/assessment/calls");
    }

    private JsonNode part(String unit, AssessmentMeasure measure, String counted) {
        return figures(as("huying.admin").queryParam("month", "2025-03").queryParam("unit", unit).queryParam("measure", measure.name())
                .queryParam("counted", counted), "/api/sla/assessment/calls");
    }

    /** A trace's rows as task (and round): what identifies a row of a figure. */
    private static List<String> rows(JsonNode trace) {
        return StreamSupport.stream(trace.path("items").spliterator(), false)
                .map(i -> i.path("taskId").asText() + "/" + i.path("round").asText()).toList();
    }

    /** The one row of {@code trace} about the task named {@code task} in the table above. */
    private JsonNode only(JsonNode trace, String task) {
        List<JsonNode> rows = StreamSupport.stream(trace.path("items").spliterator(), false)
                .filter(i -> tasks.get(task).toString().equals(i.path("taskId").asText())).toList();
        assertThat(rows).as(task + " in " + trace).hasSize(1);
        return rows.get(0);
    }

    private static String name(String path) {
        return OrgTree.load().unit(path).orElseThrow().name();
    }

    private static JsonNode unit(JsonNode month, String path) {
        return StreamSupport.stream(month.path("units").spliterator(), false).filter(u -> path.equals(u.path("unitPath").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(path + " is not in " + month));
    }

    private static void assertFigure(JsonNode unit, AssessmentMeasure measure, long numerator, long denominator) {
        JsonNode figure = unit.path("measures").path(measure.name());
        String what = unit.path("unitPath").asText() + " " + measure;
        assertThat(figure.path("numerator").asLong()).as(what + " numerator").isEqualTo(numerator);
        assertThat(figure.path("denominator").asLong()).as(what + " denominator").isEqualTo(denominator);
        if (denominator == 0) {
            assertThat(figure.path("rate").isNull()).as(what + " rate").isTrue();
        } else {
            assertThat(figure.path("rate").asDouble()).as(what + " rate").isEqualTo((double) numerator / denominator);
        }
    }

    /** A traced row as (number, task, counted), with the task's name from the table above. */
    private List<org.assertj.core.groups.Tuple> items(JsonNode trace) {
        Map<UUID, String> names = new HashMap<>();
        tasks.forEach((name, id) -> names.put(id, name));
        return StreamSupport.stream(trace.path("items").spliterator(), false)
                .map(i -> {
                    UUID task = UUID.fromString(i.path("taskId").asText());
                    assertThat(i.path("number").asText()).isEqualTo(numbers.get(task));
                    assertThat(i.path("callId").asText()).isNotBlank();
                    return tuple(names.getOrDefault(task, task.toString()), i.path("counted").asBoolean());
                }).toList();
    }

    private static org.assertj.core.groups.Tuple item(String task, boolean counted) {
        return tuple(task, counted);
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }

    // --- the consumer and the timers

    private static void awaitProcessed(List<CloudEvent> published) {
        String ids = String.join(",", published.stream().map(e -> e.id().toString()).toList());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> LocalInfra.queryLong(SlaTestInfra.DATABASE,
                "select count(*) from huying_processed_event where event_id = any(string_to_array(?, ',')::uuid[])", ids) == published.size());
    }

    private void fireAllDue() throws Throwable {
        while (VertxContextSupport.subscribeAndAwait(() -> timers.fireDue(500)) > 0) {
            // until nothing is due
        }
    }

    /** Waits until this run's consumer group has committed every lifecycle record on the broker: earlier runs' events are in. */
    private static void awaitConsumerCaughtUp() {
        String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming.lifecycle.group.id", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.TEST_KAFKA.bootstrap()))) {
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> caughtUp(admin, group));
        }
    }

    private static boolean caughtUp(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(Topics.CALLS, Topics.TASKS, Topics.RESPONSES, Topics.FEEDBACK)).allTopicNames().get()
                .forEach((topic, description) -> description.partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
    }

    /** Earlier runs' March 2025, replayed from the broker, is not this run's hand count. */
    private static void clearMonth() throws Exception {
        try (Connection c = LocalInfra.connect(SlaTestInfra.DATABASE);
                PreparedStatement delete = c.prepareStatement(
                        "delete from sla_task_fact where dispatched_at >= ?::timestamptz and dispatched_at < ?::timestamptz")) {
            delete.setString(1, Assessments.startOf(MARCH).toString());
            delete.setString(2, Assessments.startOf(MARCH.plusMonths(1)).toString());
            delete.executeUpdate();
        }
    }
}
