package io.huying.response;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every action on a task — 签收, 进展, 办结, 退回, 延期申请 — is refused to staff of another unit (404:
 * the task is not theirs to know) and to other roles, even of the units above (403), and a refusal
 * changes nothing: not the task, not its activities, no event on huying.responses. One task of
 * 城管科 waits to be signed for, another is signed for, so each action would otherwise succeed.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaskActionAuthorizationTest {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String URBAN = "/baiyun/jinsha/sections/urban";

    @Inject
    ObjectMapper json;

    /** The application's address: RestAssured learns it only per test, and the set-up runs before all tests. */
    @TestHTTPResource("/")
    URL root;

    private TopicProbe responses;
    private TaskDispatched dispatched;
    private TaskDispatched signedFor;
    private String before;

    @BeforeAll
    void twoTasksOfUrban() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        responses = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.RESPONSES);
        try (Dispatches dispatches = new Dispatches(json)) {
            dispatched = dispatches.routed(URBAN, Urgency.URGENT);
            signedFor = dispatches.routed(URBAN, Urgency.URGENT);
            dispatches.publish(dispatched);
            dispatches.publish(signedFor);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> LocalInfra.queryLong("response_test",
                "select count(*) from inbox_task where task_id in (?::uuid, ?::uuid)", dispatched.taskId().toString(),
                signedFor.taskId().toString()) == 2);
        as("urban.section").post("/api/tasks/" + signedFor.taskId() + "/sign-for").then().statusCode(200);
        before = state();
    }

    @AfterAll
    void close() {
        responses.close();
    }

    @ParameterizedTest(name = "{0} may not {1}: {2}")
    @Order(1)
    @CsvSource({
            "peace.section,     sign-for,           404",
            "jinsha.office,     sign-for,           403",
            "jinsha.dispatcher, sign-for,           403",
            "peace.section,     notes,              404",
            "jinsha.office,     notes,              403",
            "peace.section,     complete,           404",
            "jinsha.office,     complete,           403",
            "peace.section,     return,             404",
            "jinsha.office,     return,             403",
            "housing.dept,      extension-requests, 404",
            "jinsha.office,     extension-requests, 403"})
    void anotherUnitsStaffOrAnotherRoleIsRefusedAndNothingChanges(String user, String action, int status) {
        attempt(user, action).then().statusCode(status).contentType(PROBLEM_JSON);
        assertThat(state()).as("both tasks and their activities after " + user + "'s " + action).isEqualTo(before);
    }

    /** The unit's own actions are same-key markers: no refused attempt left an event before them. */
    @Test
    @Order(2)
    void theRefusedAttemptsAnnouncedNothing() {
        attempt("urban.section", "sign-for").then().statusCode(200);
        attempt("urban.section", "notes").then().statusCode(200);

        assertThat(typesUntil(dispatched, EventTypes.TASK_ACKNOWLEDGED)).containsExactly(EventTypes.TASK_ACKNOWLEDGED);
        assertThat(typesUntil(signedFor, EventTypes.TASK_PROGRESSED))
                .containsExactly(EventTypes.TASK_ACKNOWLEDGED, EventTypes.TASK_PROGRESSED);
    }

    private io.restassured.response.Response attempt(String user, String action) {
        RequestSpecification request = as(user).contentType(ContentType.JSON);
        String working = "/api/tasks/" + signedFor.taskId() + "/";
        return switch (action) {
            case "sign-for" -> as(user).post("/api/tasks/" + dispatched.taskId() + "/sign-for");
            case "notes" -> request.body(Map.of("kind", "PROGRESS", "note", "队员已到场")).post(working + action);
            case "complete" -> request.body(Map.of("result", "已清理")).post(working + action);
            case "return" -> request.body(Map.of("reasonCode", "NOT_OUR_AREA", "reason", "不归我科")).post(working + action);
            case "extension-requests" -> request.body(Map.of("requestedDeadline", Instant.now().plus(Duration.ofDays(3)).toString(),
                    "reason", "需协调")).post(working + action);
            default -> throw new IllegalArgumentException(action);
        };
    }

    /** Everything an action could change about the two tasks, as one text. */
    private String state() {
        String ids = "'" + dispatched.taskId() + "', '" + signedFor.taskId() + "'";
        return LocalInfra.queryString("response_test", "select"
                + " (select string_agg(task_id || ' ' || status || ' ' || extension_pending || ' ' || updated_at, ', ' order by task_id)"
                + "    from inbox_task where task_id in (" + ids + "))"
                + " || ' | ' || (select count(*) from task_activity where task_id in (" + ids + "))");
    }

    private List<String> typesUntil(TaskDispatched task, String type) {
        String callId = task.callId().toString();
        return responses.distinctUntil(r -> callId.equals(r.key()), r -> callId.equals(r.key()) && type.equals(type(r.value())),
                Duration.ofSeconds(30)).stream().map(r -> type(r.value())).toList();
    }

    private String type(String value) {
        try {
            return json.readTree(value).get("type").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RequestSpecification as(String user) {
        return given().port(root.getPort()).header("Authorization", KeycloakTokens.bearer(user));
    }
}
