package io.huying.sla;

import static io.huying.sla.Lifecycle.of;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgTree;
import io.huying.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 时限监督: the ops board, the clock list, breaches and a call's clocks, for ops and admins only. */
@QuarkusTest
class SlaResourceTest {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String HOUSING = "/baiyun/departments/housing";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    ObjectMapper json;

    private Lifecycle lifecycle;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void open() {
        lifecycle = new Lifecycle(json);
    }

    @AfterEach
    void close() {
        lifecycle.close();
    }

    @Test
    void opsSeeTheBoardTheClocksTheBreachesAndACallsClocks() {
        Lifecycle.Call late = Lifecycle.newCall("WJ-01", Urgency.CRITICAL);
        UUID lateTask = UUID.randomUUID();
        lifecycle.publish(lifecycle.dispatched(late, lateTask, TaskRole.LEAD, HOUSING, Instant.now().minus(Duration.ofDays(20))));
        Lifecycle.Call fresh = Lifecycle.newCall("WJ-01", Urgency.ROUTINE);
        UUID freshTask = UUID.randomUUID();
        lifecycle.publish(lifecycle.dispatched(fresh, freshTask, TaskRole.LEAD, HOUSING, Instant.now()));
        lifecycle.sla(late, of(EventTypes.SLA_BREACHED, "SIGN_FOR"), 1);
        lifecycle.sla(fresh, of(EventTypes.SLA_CLOCK_STARTED, "SIGN_FOR"), 1);

        as("baiyun.ops").queryParam("unit", HOUSING).queryParam("category", "WJ-01").get("/api/sla/board").then().statusCode(200)
                .body("total.breached", greaterThanOrEqualTo(2))
                .body("total.onTrack", greaterThanOrEqualTo(2))
                .body("byClock.find { it.clock == 'SIGN_FOR' }.breached", greaterThanOrEqualTo(1));

        List<String> breached = as("baiyun.ops").queryParam("unit", HOUSING).queryParam("state", "BREACHED").queryParam("clock", "SIGN_FOR")
                .queryParam("size", "100").get("/api/sla/clocks").then().statusCode(200).extract().path("items.taskId");
        assertThat(breached).contains(lateTask.toString()).doesNotContain(freshTask.toString());
        as("baiyun.ops").queryParam("urgency", "一般").queryParam("unit", HOUSING).queryParam("size", "100").get("/api/sla/clocks")
                .then().statusCode(200).body("items.taskId", hasItem(freshTask.toString())).body("size", equalTo(100));

        as("baiyun.ops").queryParam("unit", HOUSING).queryParam("category", "WJ-01").queryParam("urgency", "特急").queryParam("clock", "SIGN_FOR")
                .queryParam("size", "100").get("/api/sla/breaches").then().statusCode(200)
                .body("items.taskId", hasItem(lateTask.toString()));
        as("huying.admin").get("/api/sla/calls/" + late.id() + "/clocks").then().statusCode(200)
                .body("clock", containsInAnyOrder("SIGN_FOR", "RESOLVE"))
                .body("find { it.clock == 'SIGN_FOR' }.standing", equalTo("BREACHED"))
                .body("find { it.clock == 'SIGN_FOR' }.duration", equalTo("30 CLOCK_MINUTES"));
        as("baiyun.ops").get("/api/sla/calls/" + UUID.randomUUID() + "/clocks").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void theBoardShowsBreachesByUnitAndByDayAndWhatNeedsAttentionNow() throws Exception {
        Lifecycle.Call late = Lifecycle.newCall("WJ-01", Urgency.CRITICAL);
        UUID lateTask = UUID.randomUUID();
        lifecycle.publish(lifecycle.dispatched(late, lateTask, TaskRole.LEAD, HOUSING, Instant.now().minus(Duration.ofDays(20))));
        Lifecycle.Call fresh = Lifecycle.newCall("WJ-01", Urgency.ROUTINE);
        UUID freshTask = UUID.randomUUID();
        lifecycle.publish(lifecycle.dispatched(fresh, freshTask, TaskRole.LEAD, HOUSING, Instant.now()));
        // 特急, 20 days overdue: 催办, 督办 and 通报 are all due at once; 通报 is the highest rung.
        lifecycle.sla(late, e -> EventTypes.SLA_ESCALATED.equals(e.path("type").asText()) && "SIGN_FOR".equals(e.at("/data/clock").asText())
                && "NOTIFY".equals(e.at("/data/level").asText()), 1);
        lifecycle.sla(fresh, of(EventTypes.SLA_CLOCK_STARTED, "SIGN_FOR"), 1);
        String housingName = OrgTree.load().unit(HOUSING).orElseThrow().name();

        JsonNode breach = read(as("baiyun.ops").queryParam("unit", HOUSING).queryParam("clock", "SIGN_FOR").queryParam("size", "100")
                .get("/api/sla/breaches")).path("items");
        JsonNode lateClock = find(breach, lateTask);
        assertThat(lateClock.path("number").asText()).isEqualTo(late.number());
        assertThat(lateClock.path("unitPath").asText()).isEqualTo(HOUSING);
        assertThat(lateClock.path("unitName").asText()).isEqualTo(housingName);
        assertThat(lateClock.path("clock").asText()).isEqualTo("SIGN_FOR");
        assertThat(lateClock.path("escalation").asText()).isEqualTo("NOTIFY");
        assertThat(lateClock.path("escalatedAt").isTextual()).isTrue();
        List<Instant> deadlines = StreamSupport.stream(breach.spliterator(), false).map(i -> Instant.parse(i.path("deadline").asText())).toList();
        assertThat(deadlines).as("newest breach first").isSortedAccordingTo(Comparator.reverseOrder());
        Instant breachedAt = Instant.parse(lateClock.path("breachedAt").asText());

        JsonNode board = read(as("baiyun.ops").queryParam("unit", HOUSING).queryParam("category", "WJ-01").get("/api/sla/board"));
        LocalDate today = LocalDate.now(SHANGHAI);
        JsonNode byDay = board.path("breachesByDay");
        assertThat(byDay).as("30 days, today included").hasSize(30);
        assertThat(byDay.get(0).path("day").asText()).isEqualTo(today.minusDays(29).toString());
        assertThat(byDay.get(29).path("day").asText()).isEqualTo(today.toString());
        assertThat(Instant.parse(board.path("since").asText())).isEqualTo(today.minusDays(29).atStartOfDay(SHANGHAI).toInstant());
        String breachDay = breachedAt.atZone(SHANGHAI).toLocalDate().toString();
        assertThat(StreamSupport.stream(byDay.spliterator(), false).filter(d -> d.path("day").asText().equals(breachDay))
                .mapToLong(d -> d.path("breaches").asLong()).sum()).isGreaterThanOrEqualTo(1);
        assertThat(byDay).allSatisfy(d -> assertThat(d.path("breaches").isIntegralNumber()).isTrue());

        JsonNode byUnit = board.path("breachesByUnit");
        assertThat(byUnit).hasSize(1);
        assertThat(byUnit.get(0).path("unitPath").asText()).isEqualTo(HOUSING);
        assertThat(byUnit.get(0).path("name").asText()).isEqualTo(housingName);
        long daySum = StreamSupport.stream(byDay.spliterator(), false).mapToLong(d -> d.path("breaches").asLong()).sum();
        assertThat(byUnit.get(0).path("breaches").asLong()).as("the same breaches, by unit and by day").isEqualTo(daySum);
        assertThat(byUnit.get(0).path("open").asLong()).isBetween(1L, daySum);

        JsonNode atRisk = board.path("atRisk");
        JsonNode lateNow = find(atRisk, lateTask);
        assertThat(lateNow.path("number").asText()).isEqualTo(late.number());
        assertThat(lateNow.path("unitName").asText()).isEqualTo(housingName);
        assertThat(lateNow.path("standing").asText()).isEqualTo("BREACHED");
        assertThat(lateNow.path("minutesLeft").asLong()).as("minutes over").isLessThan(-60L * 24 * 19);
        assertThat(lateNow.path("escalation").asText()).isEqualTo("NOTIFY");
        assertThat(atRisk).noneSatisfy(c -> assertThat(c.path("taskId").asText()).isEqualTo(freshTask.toString()));
        assertThat(atRisk).allSatisfy(c -> assertThat(c.path("standing").asText()).isIn("AT_RISK", "BREACHED"));
        List<Instant> due = StreamSupport.stream(atRisk.spliterator(), false).map(c -> Instant.parse(c.path("deadline").asText())).toList();
        assertThat(due).as("nearest deadline first").isSorted();

        JsonNode small = read(as("baiyun.ops").queryParam("days", "7").queryParam("top", "1").queryParam("limit", "1").get("/api/sla/board"));
        assertThat(small.path("breachesByDay")).hasSize(7);
        assertThat(small.path("breachesByUnit").size()).isLessThanOrEqualTo(1);
        assertThat(small.path("atRisk")).hasSize(1);

        // A street's ops user sees its street and what is below it, nothing of a district department's breaches.
        JsonNode street = read(as("jinsha.ops").get("/api/sla/board"));
        OrgPath jinsha = OrgPath.of(Lifecycle.JINSHA);
        assertThat(street.path("breachesByUnit")).allSatisfy(u -> assertThat(jinsha.covers(u.path("unitPath").asText())).isTrue());
        assertThat(street.path("atRisk")).allSatisfy(c -> assertThat(jinsha.covers(c.path("unitPath").asText())).isTrue());
    }

    @Test
    void onlyOpsAndAdminsReadClocksAndBadFiltersAreNamed() {
        as("urban.section").get("/api/sla/board").then().statusCode(403).contentType(PROBLEM_JSON);
        given().get("/api/sla/board").then().statusCode(401).contentType(PROBLEM_JSON);
        as("baiyun.ops").queryParam("urgency", "very").get("/api/sla/clocks").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("urgency"));
        as("baiyun.ops").queryParam("unit", "Baiyun").get("/api/sla/board").then().statusCode(400)
                .body("violations[0].field", equalTo("unit"));
        as("baiyun.ops").queryParam("state", "LATE").get("/api/sla/clocks").then().statusCode(400)
                .body("violations[0].field", equalTo("state"));
        as("baiyun.ops").queryParam("size", "1000").get("/api/sla/breaches").then().statusCode(400)
                .body("violations[0].field", equalTo("size"));
        for (String param : List.of("days", "top", "limit")) {
            as("baiyun.ops").queryParam(param, "0").get("/api/sla/board").then().statusCode(400).contentType(PROBLEM_JSON)
                    .body("violations[0].field", equalTo(param));
        }
    }

    private JsonNode read(io.restassured.response.Response response) throws Exception {
        return json.readTree(response.then().statusCode(200).extract().asString());
    }

    private static JsonNode find(JsonNode items, UUID task) {
        return StreamSupport.stream(items.spliterator(), false).filter(i -> task.toString().equals(i.path("taskId").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("task " + task + " is not in " + items));
    }

    static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }

}
