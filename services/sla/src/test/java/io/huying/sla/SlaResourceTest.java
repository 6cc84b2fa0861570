package io.huying.sla;

import static io.huying.sla.Lifecycle.of;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 时限监督: the ops board, the clock list, breaches and a call's clocks, for ops and admins only. */
@QuarkusTest
class SlaResourceTest {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String HOUSING = "/baiyun/departments/housing";

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
    }

    static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }

}
