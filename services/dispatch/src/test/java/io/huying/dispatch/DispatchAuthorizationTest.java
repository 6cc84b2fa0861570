package io.huying.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * Every action of the dispatcher's desk — 人工派遣 from the queue, 改派, 延期审批, 挂起, 恢复办理 — is
 * refused to a dispatcher of another unit (404: the call is not theirs to know) and to other roles
 * (403), and a refusal changes nothing: no row of the calls, no event on huying.tasks. The calls
 * belong to 松洲街道 (a 松北 community's calls) and, for the queue, to the district (a 金沙街道 call
 * no rule routes), so jinsha.dispatcher is the other unit's dispatcher and baiyun.dispatcher the right one.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DispatchAuthorizationTest {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String SONGBEI = "/baiyun/songzhou/songbei";

    @Inject
    ObjectMapper json;

    /** The application's address: RestAssured learns it only per test, and the set-up runs before all tests. */
    @TestHTTPResource("/")
    URL root;

    private TopicProbe tasks;
    /** A routed call whose lead task is live and has a pending extension request. */
    private CloudEvent live;
    /** A routed call whose lead task is suspended. */
    private CloudEvent suspended;
    /** A call waiting in the district's queue. */
    private CloudEvent queued;
    private String liveTask;
    private String suspendedTask;
    private String extensionRequest;
    private String before;

    @BeforeAll
    void threeCallsOfOtherUnits() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        tasks = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.TASKS);
        try (AcceptedCalls calls = new AcceptedCalls(json); Outcomes outcomes = new Outcomes(json)) {
            live = calls.accepted(SONGBEI, "SR-01", SONGBEI + "/grid-01");
            suspended = calls.accepted(SONGBEI, "SR-02", SONGBEI + "/grid-01");
            queued = calls.accepted("/baiyun/jinsha", "MD-03", "/baiyun/jinsha/pingle/grid-01");
            calls.publish(live);
            calls.publish(suspended);
            calls.publish(queued);
            JsonNode liveLead = events(live, 1).get(0);
            liveTask = liveLead.at("/data/taskId").asText();
            suspendedTask = events(suspended, 1).get(0).at("/data/taskId").asText();
            assertThat(events(queued, 1).get(0).get("type").asText()).isEqualTo(EventTypes.DISPATCH_QUEUED);

            CloudEvent request = outcomes.response(EventTypes.TASK_EXTENSION_REQUESTED, liveLead, null,
                    Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
            outcomes.publishResponse(request);
            extensionRequest = request.id().toString();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> LocalInfra.queryLong("dispatch_test",
                    "select count(*) from extension_request where id = ?::uuid", extensionRequest) == 1);
        }
        as("baiyun.dispatcher").contentType(ContentType.JSON).body(Map.of("reason", "待产权单位确认"))
                .post("/api/dispatch/tasks/" + suspendedTask + "/suspend").then().statusCode(200);
        assertThat(events(suspended, 2).get(1).get("type").asText()).isEqualTo(EventTypes.TASK_SUSPENDED);
        before = state();
    }

    @AfterAll
    void close() {
        tasks.close();
    }

    @ParameterizedTest(name = "{0} may not {1}: {2}")
    @Order(1)
    @CsvSource({
            "jinsha.dispatcher, dispatch-queued, 404",
            "urban.section,     dispatch-queued, 403",
            "fengling.office,   dispatch-queued, 403",
            "jinsha.dispatcher, redispatch,      404",
            "urban.section,     redispatch,      403",
            "jinsha.dispatcher, decide-extension, 404",
            "urban.section,     decide-extension, 403",
            "jinsha.dispatcher, suspend,         404",
            "songbei.office,    suspend,         403",
            "jinsha.dispatcher, resume,          404",
            "urban.section,     resume,          403"})
    void anotherUnitsDispatcherOrAnotherRoleIsRefusedAndNothingChanges(String user, String action, int status) {
        attempt(user, action).then().statusCode(status).contentType(PROBLEM_JSON);
        assertThat(state()).as("the calls' cases, tasks and extension request after " + user + "'s " + action).isEqualTo(before);
    }

    /** The right dispatcher's actions are same-key markers: no refused attempt left an event before them. */
    @Test
    @Order(2)
    void theRefusedAttemptsAnnouncedNothing() {
        attempt("baiyun.dispatcher", "decide-extension").then().statusCode(200);
        attempt("baiyun.dispatcher", "resume").then().statusCode(200);
        attempt("baiyun.dispatcher", "dispatch-queued").then().statusCode(200);

        assertThat(typesUntil(live, EventTypes.TASK_EXTENSION_DECIDED))
                .containsExactly(EventTypes.TASK_DISPATCHED, EventTypes.TASK_EXTENSION_DECIDED);
        assertThat(typesUntil(suspended, EventTypes.TASK_RESUMED))
                .containsExactly(EventTypes.TASK_DISPATCHED, EventTypes.TASK_SUSPENDED, EventTypes.TASK_RESUMED);
        assertThat(typesUntil(queued, EventTypes.TASK_DISPATCHED))
                .containsExactly(EventTypes.DISPATCH_QUEUED, EventTypes.TASK_DISPATCHED);
    }

    private io.restassured.response.Response attempt(String user, String action) {
        RequestSpecification request = as(user).contentType(ContentType.JSON);
        return switch (action) {
            case "dispatch-queued" -> request.body(Map.of("leadUnit", "/baiyun/departments/public-security"))
                    .post("/api/dispatch/queue/" + queued.subject());
            case "redispatch" -> request.body(Map.of("leadUnit", "/baiyun/departments/housing", "reason", "改由住建局办理"))
                    .post("/api/dispatch/calls/" + live.subject() + "/redispatch");
            case "decide-extension" -> request.body(Map.of("approved", true, "comment", "同意"))
                    .post("/api/dispatch/extensions/" + extensionRequest);
            case "suspend" -> request.body(Map.of("reason", "待产权单位确认")).post("/api/dispatch/tasks/" + liveTask + "/suspend");
            case "resume" -> as(user).post("/api/dispatch/tasks/" + suspendedTask + "/resume");
            default -> throw new IllegalArgumentException(action);
        };
    }

    /** Everything an action could change about the three calls, as one text. */
    private String state() {
        String ids = "'" + live.subject() + "', '" + suspended.subject() + "', '" + queued.subject() + "'";
        return LocalInfra.queryString("dispatch_test", "select"
                + " (select string_agg(call_id || ' ' || state || ' ' || coalesce(queue_unit, '-') || ' ' || updated_at, ', ' order by call_id)"
                + "    from dispatch_case where call_id in (" + ids + "))"
                + " || ' | ' || (select string_agg(id || ' ' || unit_path || ' ' || status || ' ' || coalesce(suspended_at::text, '-'), ', '"
                + "    order by id) from task where call_id in (" + ids + "))"
                + " || ' | ' || (select string_agg(id || ' ' || state || ' ' || coalesce(decided_by, '-'), ', ')"
                + "    from extension_request where call_id in (" + ids + "))");
    }

    private List<String> typesUntil(CloudEvent call, String type) {
        return tasks.distinctUntil(r -> call.subject().equals(r.key()),
                        r -> call.subject().equals(r.key()) && type.equals(read(r).get("type").asText()), Duration.ofSeconds(30))
                .stream().map(r -> read(r).get("type").asText()).toList();
    }

    private List<JsonNode> events(CloudEvent call, int count) {
        List<ConsumerRecord<String, String>> records = tasks.awaitDistinct(r -> call.subject().equals(r.key()), count, Duration.ofSeconds(30));
        assertThat(records).as("events of call " + call.subject() + " on huying.tasks").hasSize(count);
        return records.stream().map(this::read).toList();
    }

    private JsonNode read(ConsumerRecord<String, String> record) {
        try {
            return json.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RequestSpecification as(String user) {
        return given().port(root.getPort()).header("Authorization", KeycloakTokens.bearer(user));
    }
}
