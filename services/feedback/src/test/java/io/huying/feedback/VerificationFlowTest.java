package io.huying.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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
        String mine = "find { it.callId == '" + callId + "' }.";
        as("fengling.office").get("/api/verifications").then().statusCode(200)
                .body(mine + "status", equalTo("OPEN"))
                // What the raiser judges before 结案 or 返工: the result, who and when, the evidence.
                .body(mine + "result", equalTo("已清理占道摊点"))
                .body(mine + "completedBy", equalTo("urban.section"))
                .body(mine + "completedAt", org.hamcrest.Matchers.notNullValue())
                .body(mine + "evidence", equalTo(List.of(Completions.EVIDENCE_URL)))
                .body(mine + "files[0].id", equalTo(Completions.PHOTO.id().toString()))
                .body(mine + "files[0].url", equalTo(Completions.PHOTO.url()));

        // 采办分离: only the raising unit verifies. A refusal changes nothing; the raiser's verdict below is the
        // same-key marker showing it announced nothing either.
        String open = verification(callId);
        for (Map.Entry<String, Integer> refused : Map.of("jinsha.office", 403, "pingle.office", 404, "urban.section", 403,
                "jinsha.dispatcher", 403).entrySet()) {
            for (boolean resolved : List.of(true, false)) {
                verify(refused.getKey(), callId, Map.of("resolved", resolved, "satisfaction", "满意", "comment", "已解决"))
                        .then().statusCode(refused.getValue()).contentType(PROBLEM_JSON);
                assertThat(verification(callId)).as(refused.getKey() + "'s verdict").isEqualTo(open);
            }
        }
        verify("fengling.office", callId, Map.of("resolved", false, "satisfaction", "不满意")).then().statusCode(400)
                .body("violations[0].field", equalTo("comment"));
        verify("fengling.office", callId, Map.of("resolved", true, "satisfaction", "非常好")).then().statusCode(400)
                .body("violations[0].field", equalTo("satisfaction"));
        verify("fengling.office", callId, Map.of("resolved", false, "satisfaction", "不满意", "comment", "傍晚摊贩又回来了"))
                .then().statusCode(200).body("status", equalTo("REOPENED"));
        verify("fengling.office", callId, Map.of("resolved", true, "satisfaction", "满意")).then().statusCode(409);

        UUID reworkTask = UUID.randomUUID(); // 返工 is a new task for the unit
        completions.publish(completions.completed(callId, reworkTask, TaskRole.LEAD));
        List<JsonNode> events = completions.feedbackOf(callId, 3);
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly(EventTypes.VERIFICATION_OPENED,
                EventTypes.VERIFICATION_REOPENED, EventTypes.VERIFICATION_OPENED);
        assertThat(events.get(2).at("/data/round").asInt()).isEqualTo(2);
        assertThat(events.get(2).at("/data/leadTaskId").asText()).isEqualTo(reworkTask.toString());

        verify("fengling.office", callId, Map.of("resolved", true, "satisfaction", "BASICALLY_SATISFIED", "comment", "已解决"))
                .then().statusCode(200).body("status", equalTo("CLOSED")).body("round", equalTo(2));
        events = completions.feedbackOf(callId, 4);
        assertThat(events).allSatisfy(e -> assertThat(schemas.violations(e)).isEmpty());
        assertThat(events.get(3).at("/data/satisfaction").asText()).isEqualTo("BASICALLY_SATISFIED");
        assertThat(events.get(3).at("/data/autoClosed").asBoolean()).isFalse();
    }

    @Test
    void onlyTheLeadTaskOpensAVerificationAndARedeliveryOpensNothingMore() throws Exception {
        UUID callId = UUID.randomUUID();
        UUID assistingTask = UUID.randomUUID();
        UUID leadTask = UUID.randomUUID();
        completions.publish(completions.completed(callId, assistingTask, TaskRole.ASSIST));
        CloudEvent lead = completions.completed(callId, leadTask, TaskRole.LEAD);
        completions.publish(lead);
        JsonNode opened = completions.feedbackOf(callId, 1).get(0);
        assertThat(opened.at("/data/leadTaskId").asText()).as("opened by the lead, not the assisting task before it")
                .isEqualTo(leadTask.toString());

        verify("fengling.office", callId, Map.of("resolved", false, "satisfaction", "不满意", "comment", "傍晚摊贩又回来了"))
                .then().statusCode(200).body("status", equalTo("REOPENED"));
        completions.publish(lead); // redelivered after the verdict
        UUID reworkTask = UUID.randomUUID();
        completions.publish(completions.completed(callId, reworkTask, TaskRole.LEAD)); // same-key marker: the rework completes

        List<JsonNode> events = completions.feedbackOf(callId, 3);
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly(EventTypes.VERIFICATION_OPENED,
                EventTypes.VERIFICATION_REOPENED, EventTypes.VERIFICATION_OPENED);
        assertThat(events.get(2).at("/data/leadTaskId").asText()).as("round 2 is the rework's, not the redelivered completion's")
                .isEqualTo(reworkTask.toString());
        assertThat(verification(callId)).isEqualTo("OPEN - 2 " + reworkTask);
    }

    /** The verification row of the call: status, who decided, round, lead task. */
    private static String verification(UUID callId) {
        return LocalInfra.queryString("feedback_test", "select status || ' ' || coalesce(decided_by, '-') || ' ' || round || ' ' || lead_task_id"
                + " from verification where call_id = ?::uuid", callId);
    }

    private static io.restassured.response.Response verify(String user, UUID callId, Object body) {
        return as(user).contentType(ContentType.JSON).body(body).post("/api/verifications/" + callId);
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }
}
