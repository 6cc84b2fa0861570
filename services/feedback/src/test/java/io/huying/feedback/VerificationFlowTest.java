package io.huying.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 核查 → 结案 or 返工: only the raising unit verifies; a reopened call is verified again after rework. */
@QuarkusTest
class VerificationFlowTest {
    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    ObjectMapper json;

    private Completions completions;
    private final EventSchemas schemas = new EventSchemas();

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void open() {
        completions = new Completions(json);
    }

    @AfterEach
    void close() {
        completions.close();
    }

    @Test
    void theRaiserReopensThenClosesAfterRework() throws Exception {
        UUID callId = UUID.randomUUID();
        UUID taskId = UUID.randomUUID();
        completions.publish(completions.completed(callId, taskId, TaskRole.LEAD));

        JsonNode opened = completions.feedbackOf(callId, 1).get(0);
        assertThat(schemas.violations(opened)).isEmpty();
        assertThat(opened.get("type").asText()).isEqualTo(EventTypes.VERIFICATION_OPENED);
        as("fengling.office").get("/api/verifications").then().statusCode(200)
                .body("find { it.callId == '" + callId + "' }.status", equalTo("OPEN"));

        verify("jinsha.office", callId, Map.of("resolved", true, "satisfaction", "满意")).then().statusCode(403).contentType(PROBLEM_JSON);
        verify("pingle.office", callId, Map.of("resolved", true, "satisfaction", "满意")).then().statusCode(404);
        verify("urban.section", callId, Map.of("resolved", true, "satisfaction", "满意")).then().statusCode(403);
        verify("fengling.office", callId, Map.of("resolved", false, "satisfaction", "不满意")).then().statusCode(400)
                .body("violations[0].field", equalTo("comment"));
        verify("fengling.office", callId, Map.of("resolved", true, "satisfaction", "非常好")).then().statusCode(400)
                .body("violations[0].field", equalTo("satisfaction"));
        verify("fengling.office", callId, Map.of("resolved", false, "satisfaction", "不满意", "comment", "傍晚摊贩又回来了"))
                .then().statusCode(200).body("status", equalTo("REOPENED"));
        verify("fengling.office", callId, Map.of("resolved", true, "satisfaction", "满意")).then().statusCode(409);

        completions.publish(completions.completed(callId, taskId, TaskRole.LEAD));
        List<JsonNode> events = completions.feedbackOf(callId, 3);
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly(EventTypes.VERIFICATION_OPENED,
                EventTypes.VERIFICATION_REOPENED, EventTypes.VERIFICATION_OPENED);
        assertThat(events.get(2).at("/data/round").asInt()).isEqualTo(2);

        verify("fengling.office", callId, Map.of("resolved", true, "satisfaction", "BASICALLY_SATISFIED", "comment", "已解决"))
                .then().statusCode(200).body("status", equalTo("CLOSED")).body("round", equalTo(2));
        events = completions.feedbackOf(callId, 4);
        assertThat(events).allSatisfy(e -> assertThat(schemas.violations(e)).isEmpty());
        assertThat(events.get(3).at("/data/satisfaction").asText()).isEqualTo("BASICALLY_SATISFIED");
        assertThat(events.get(3).at("/data/autoClosed").asBoolean()).isFalse();
    }

    @Test
    void onlyTheLeadTaskOpensAVerificationAndARedeliveryOpensNothingMore() throws Exception {
        UUID assisted = UUID.randomUUID();
        completions.publish(completions.completed(assisted, UUID.randomUUID(), TaskRole.ASSIST));
        UUID callId = UUID.randomUUID();
        CloudEvent lead = completions.completed(callId, UUID.randomUUID(), TaskRole.LEAD);
        completions.publish(lead);
        completions.publish(lead);
        completions.feedbackOf(callId, 1);
        assertThat(completions.feedback.drain(r -> callId.toString().equals(r.key()) || assisted.toString().equals(r.key()),
                Duration.ofSeconds(2))).hasSize(1);
        assertThat(LocalInfra.queryLong("feedback_test", "select count(*) from verification where call_id = ?::uuid", assisted)).isZero();
    }

    private static io.restassured.response.Response verify(String user, UUID callId, Object body) {
        return as(user).contentType(ContentType.JSON).body(body).post("/api/verifications/" + callId);
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }
}
