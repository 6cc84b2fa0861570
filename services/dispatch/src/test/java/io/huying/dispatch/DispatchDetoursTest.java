package io.huying.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The detours of the chain as dispatch handles them: 退回 → re-route or queue → 终审, 返工, 改派, 延期审批. */
@QuarkusTest
class DispatchDetoursTest {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String FENGLING = "/baiyun/jinsha/fengling";

    @Inject
    ObjectMapper json;

    private AcceptedCalls calls;
    private Outcomes outcomes;
    private TopicProbe tasks;
    private final EventSchemas schemas = new EventSchemas();

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void open() {
        calls = new AcceptedCalls(json);
        outcomes = new Outcomes(json);
        tasks = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.TASKS);
    }

    @AfterEach
    void close() {
        calls.close();
        outcomes.close();
        tasks.close();
    }

    @Test
    void aReturnedTaskGoesToTheNextUnitThenToTheQueueThenToArbitration() {
        CloudEvent call = calls.accepted(FENGLING, "MD-01", FENGLING + "/grid-01");
        calls.publish(call);
        JsonNode first = events(call, 1).get(0);
        assertThat(first.at("/data/unitPath").asText()).isEqualTo("/baiyun/jinsha/sections/peace");
        assertThat(first.at("/data/reason").asText()).isEqualTo("ROUTED");

        // 退回 by 平安办: the second-choice rule sends it to 民政办, in the same round.
        CloudEvent returned = outcomes.response(EventTypes.TASK_RETURNED, first, "OVERLAPPING_DUTIES", null);
        outcomes.publishResponse(returned);
        JsonNode second = events(call, 2).get(1);
        assertThat(schemas.violations(second)).isEmpty();
        assertThat(second.get("type").asText()).isEqualTo(EventTypes.TASK_DISPATCHED);
        assertThat(second.at("/data/unitPath").asText()).isEqualTo("/baiyun/jinsha/sections/civil");
        assertThat(second.at("/data/reason").asText()).isEqualTo("REROUTED");
        assertThat(second.at("/data/call/description").asText()).as("a re-routed task carries the call").isEqualTo("测试呼叫的描述");
        assertThat(second.at("/data/round").asInt()).isEqualTo(1);
        assertThat(second.at("/data/replacesTaskId").asText()).isEqualTo(first.at("/data/taskId").asText());
        outcomes.publishResponse(returned); // redelivered: no second re-route

        // 退回 by 民政办 too: no rule is left, the street's dispatchers get it.
        outcomes.publishResponse(outcomes.response(EventTypes.TASK_RETURNED, second, "NOT_OUR_AREA", null));
        JsonNode queued = events(call, 3).get(2);
        assertThat(schemas.violations(queued)).isEmpty();
        assertThat(queued.get("type").asText()).isEqualTo(EventTypes.DISPATCH_QUEUED);
        assertThat(queued.at("/data/reason").asText()).isEqualTo("RETURNED");
        assertThat(queued.at("/data/queueUnit").asText()).isEqualTo("/baiyun/jinsha");
        assertThat(queued.at("/data/returnedBy")).extracting(JsonNode::asText)
                .containsExactly("/baiyun/jinsha/sections/peace", "/baiyun/jinsha/sections/civil");
        String callId = call.subject();
        as("jinsha.dispatcher").get("/api/dispatch/queue").then().statusCode(200).body("callId", hasItem(callId))
                .body("find { it.callId == '" + callId + "' }.queueReason", equalTo("RETURNED"))
                .body("find { it.callId == '" + callId + "' }.returns", equalTo(2));

        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("leadUnit", "/baiyun/jinsha/sections/planning"))
                .post("/api/dispatch/queue/" + callId).then().statusCode(200)
                .body("tasks.find { it.unitPath == '/baiyun/jinsha/sections/planning' }.reason", equalTo("REROUTED"));
        JsonNode third = events(call, 4).get(3);
        assertThat(third.at("/data/dispatchedBy/username").isMissingNode()).isTrue();
        assertThat(third.at("/data/dispatchedBy/dispatcher/username").asText()).isEqualTo("jinsha.dispatcher");

        // A third return is one more than huying.dispatch.max-returns (2): the district decides finally (终审).
        outcomes.publishResponse(outcomes.response(EventTypes.TASK_RETURNED, third, "UNCLEAR_OWNERSHIP", null));
        JsonNode arbitration = events(call, 5).get(4);
        assertThat(arbitration.at("/data/reason").asText()).isEqualTo("ARBITRATION");
        assertThat(arbitration.at("/data/queueUnit").asText()).isEqualTo("/baiyun");
        as("jinsha.dispatcher").get("/api/dispatch/queue").then().statusCode(200).body("callId", not(hasItem(callId)));
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("leadUnit", "/baiyun/jinsha/sections/peace"))
                .post("/api/dispatch/queue/" + callId).then().statusCode(404).contentType(PROBLEM_JSON);
        as("baiyun.dispatcher").contentType(ContentType.JSON).body(Map.of("leadUnit", "/baiyun/jinsha/sections/peace"))
                .post("/api/dispatch/queue/" + callId).then().statusCode(200);
        JsonNode finalTask = events(call, 6).get(5);
        assertThat(schemas.violations(finalTask)).isEmpty();
        assertThat(finalTask.at("/data/reason").asText()).isEqualTo("ARBITRATED");
        assertThat(finalTask.at("/data/unitPath").asText()).isEqualTo("/baiyun/jinsha/sections/peace");
        assertThat(finalTask.at("/data/call/reporter/name").asText()).as("终审 carries the call").isEqualTo("李女士");
        assertThat(liveLeadTasks(callId)).isEqualTo(1);

        // The street's dispatcher cannot undo the district's final decision; the district can, and it stays final.
        String redispatch = "/api/dispatch/calls/" + callId + "/redispatch";
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("leadUnit", "/baiyun/jinsha/sections/planning", "reason", "改回"))
                .post(redispatch).then().statusCode(403).contentType(PROBLEM_JSON).body("detail", containsString("终审"));
        assertThat(liveLeadTasks(callId)).isEqualTo(1);
        assertThat(LocalInfra.queryLong("dispatch_test", "select count(*) from task where call_id = ?::uuid and status = 'WITHDRAWN'", callId))
                .as("nothing withdrawn by the refused 改派").isZero();
        as("baiyun.dispatcher").contentType(ContentType.JSON).body(Map.of("leadUnit", "/baiyun/jinsha/sections/planning", "reason", "区级改派"))
                .post(redispatch).then().statusCode(200)
                .body("tasks.findAll { it.reason == 'ARBITRATED' }.unitPath",
                        hasItems("/baiyun/jinsha/sections/peace", "/baiyun/jinsha/sections/planning"));
    }

    @Test
    void aReopenedCallGoesBackToTheUnitThatHandledItOnceEvenIfTheVerdictOvertakesTheCompletion() {
        CloudEvent call = calls.accepted(FENGLING, "SR-01", FENGLING + "/grid-02");
        calls.publish(call);
        JsonNode lead = events(call, 1).get(0);
        String leadId = lead.at("/data/taskId").asText();
        outcomes.publishResponse(outcomes.response(EventTypes.TASK_ACKNOWLEDGED, lead, null, null));

        // The verdict on the first verification (huying.feedback) arrives before the completion (huying.responses).
        CloudEvent reopened = outcomes.reopened(lead, 1);
        outcomes.publishFeedback(reopened);
        JsonNode rework = events(call, 2).get(1);
        assertThat(schemas.violations(rework)).isEmpty();
        assertThat(rework.at("/data/unitPath").asText()).isEqualTo(lead.at("/data/unitPath").asText());
        assertThat(rework.at("/data/reason").asText()).isEqualTo("REWORK");
        assertThat(rework.at("/data/round").asInt()).isEqualTo(2);
        assertThat(rework.at("/data/call/files/0/id").asText()).as("返工 carries the call").isEqualTo(AcceptedCalls.PHOTO.id().toString());
        assertThat(rework.at("/data/dispatchedBy/kind").asText()).isEqualTo("REWORK");
        assertThat(rework.at("/data/replacesTaskId").asText()).isEqualTo(leadId);
        assertThat(rework.at("/data/taskId").asText()).as("a rework is a new task").isNotEqualTo(leadId);
        outcomes.publishResponse(outcomes.response(EventTypes.TASK_COMPLETED, lead, null, null));
        outcomes.publishFeedback(reopened); // redelivered

        // Same-key markers behind them on both topics: the rework task is completed, and found unresolved again.
        String reworkId = rework.at("/data/taskId").asText();
        outcomes.publishResponse(outcomes.response(EventTypes.TASK_COMPLETED, rework, null, null));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> taskStatus(reworkId).equals("COMPLETED"));
        assertThat(taskStatus(leadId)).as("the late completion leaves the handled task completed").isEqualTo("COMPLETED");
        outcomes.publishFeedback(outcomes.reopened(rework, 2));
        JsonNode again = events(call, 3).get(2);
        assertThat(again.at("/data/reason").asText()).isEqualTo("REWORK");
        assertThat(again.at("/data/round").asInt()).isEqualTo(3);
        assertThat(again.at("/data/replacesTaskId").asText()).isEqualTo(reworkId);

        assertThat(LocalInfra.queryLong("dispatch_test", "select count(*) from task where call_id = ?::uuid", call.subject()))
                .as("the redelivered verdict made no second rework task").isEqualTo(3);
        assertThat(liveLeadTasks(call.subject())).isEqualTo(1);
        as("urban.section").get("/api/dispatch/calls/" + call.subject()).then().statusCode(200)
                .body("tasks.size()", equalTo(3))
                .body("tasks.findAll { it.reason == 'REWORK' }.round", containsInAnyOrder(2, 3))
                .body("tasks.find { it.reason == 'ROUTED' }.status", equalTo("COMPLETED"));
    }

    @Test
    void aDispatcherMovesALiveTaskToAnotherUnitAndTheOldOneIsWithdrawn() {
        CloudEvent call = calls.accepted(FENGLING, "HW-03", FENGLING + "/grid-03");
        calls.publish(call);
        JsonNode lead = events(call, 1).get(0);
        String callId = call.subject();
        String path = "/api/dispatch/calls/" + callId + "/redispatch";

        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("leadUnit", lead.at("/data/unitPath").asText(), "reason", "x"))
                .post(path).then().statusCode(422).contentType(PROBLEM_JSON);
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("leadUnit", FENGLING, "reason", "x"))
                .post(path).then().statusCode(422).contentType(PROBLEM_JSON).body("type", endsWith("/raiser-cannot-handle"));
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("leadUnit", "/baiyun/jinsha/pingle", "reason", "x"))
                .post(path).then().statusCode(400).contentType(PROBLEM_JSON).body("violations.field", hasItem("leadUnit"));
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("leadUnit", "/baiyun/jinsha/sections/planning"))
                .post(path).then().statusCode(400).contentType(PROBLEM_JSON).body("violations.field", hasItem("reason"));
        // Another street's section is not the Jinsha dispatcher's to assign, lead or assisting.
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("leadUnit", "/baiyun/songzhou/sections/urban", "reason", "x"))
                .post(path).then().statusCode(400).contentType(PROBLEM_JSON).body("violations.field", equalTo(List.of("leadUnit")))
                .body("violations[0].message", containsString("not yours to assign"));
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("leadUnit", "/baiyun/jinsha/sections/planning",
                        "assistingUnits", List.of("/baiyun/songzhou/sections/urban"), "reason", "x"))
                .post(path).then().statusCode(400).contentType(PROBLEM_JSON).body("violations.field", equalTo(List.of("assistingUnits[0]")));
        as("urban.section").contentType(ContentType.JSON).body(Map.of("leadUnit", "/baiyun/jinsha/sections/planning", "reason", "x"))
                .post(path).then().statusCode(403);
        as("housing.dept").get("/api/dispatch/calls/" + callId).then().statusCode(404);
        as("pingle.office").contentType(ContentType.JSON).body(Map.of("leadUnit", "/baiyun/jinsha/sections/planning", "reason", "x"))
                .post(path).then().statusCode(403);

        as("jinsha.dispatcher").contentType(ContentType.JSON)
                .body(Map.of("leadUnit", "/baiyun/jinsha/sections/planning", "reason", "道路保洁归规划建设办外包合同"))
                .post(path).then().statusCode(200)
                .body("tasks.find { it.reason == 'ROUTED' }.status", equalTo("WITHDRAWN"))
                .body("tasks.find { it.reason == 'REDISPATCHED' }.unitPath", equalTo("/baiyun/jinsha/sections/planning"));
        List<JsonNode> events = events(call, 3);
        assertThat(events).allSatisfy(e -> assertThat(schemas.violations(e)).isEmpty());
        assertThat(events.get(1).get("type").asText()).isEqualTo(EventTypes.TASK_WITHDRAWN);
        assertThat(events.get(1).at("/data/taskId").asText()).isEqualTo(lead.at("/data/taskId").asText());
        assertThat(events.get(1).at("/data/withdrawnBy/username").asText()).isEqualTo("jinsha.dispatcher");
        assertThat(events.get(2).at("/data/reason").asText()).isEqualTo("REDISPATCHED");
        assertThat(events.get(2).at("/data/call/location/address").asText()).as("改派 carries the call").isEqualTo("测试路1号");

        // The withdrawn unit's late return re-routes nothing; behind it (same key) the new unit signs for its task.
        outcomes.publishResponse(outcomes.response(EventTypes.TASK_RETURNED, lead, "OTHER", null));
        String moved = events.get(2).at("/data/taskId").asText();
        outcomes.publishResponse(outcomes.response(EventTypes.TASK_ACKNOWLEDGED, events.get(2), null, null));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> taskStatus(moved).equals("ACKNOWLEDGED"));
        assertThat(taskStatus(lead.at("/data/taskId").asText())).isEqualTo("WITHDRAWN");
        assertThat(LocalInfra.queryLong("dispatch_test", "select count(*) from task where call_id = ?::uuid", callId)).isEqualTo(2);
        assertThat(liveLeadTasks(callId)).isEqualTo(1);
    }

    @Test
    void aDispatcherDecidesAnExtensionRequestOnce() {
        CloudEvent call = calls.accepted(FENGLING, "GS-03", FENGLING + "/grid-01");
        calls.publish(call);
        JsonNode lead = events(call, 1).get(0);
        Instant asked = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        CloudEvent request = outcomes.response(EventTypes.TASK_EXTENSION_REQUESTED, lead, null, asked);
        outcomes.publishResponse(request);
        String requestId = request.id().toString();

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as("jinsha.dispatcher").get("/api/dispatch/extensions").then().statusCode(200).body("id", hasItem(requestId)));
        as("baiyun.dispatcher").get("/api/dispatch/extensions").then().statusCode(200).body("id", hasItem(requestId));
        as("urban.section").get("/api/dispatch/extensions").then().statusCode(403);

        String path = "/api/dispatch/extensions/" + requestId;
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("approved", true, "grantedDeadline", asked.plusSeconds(3600).toString()))
                .post(path).then().statusCode(400).contentType(PROBLEM_JSON).body("violations.field", hasItem("grantedDeadline"));
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("comment", "同意"))
                .post(path).then().statusCode(400).contentType(PROBLEM_JSON).body("violations.field", hasItem("approved"));
        Instant granted = asked.minus(1, ChronoUnit.DAYS);
        as("jinsha.dispatcher").contentType(ContentType.JSON)
                .body(Map.of("approved", true, "grantedDeadline", granted.toString(), "comment", "同意延期，提前一天"))
                .post(path).then().statusCode(200).body("state", equalTo("APPROVED"));
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("approved", false))
                .post(path).then().statusCode(409).contentType(PROBLEM_JSON);
        assertThat(LocalInfra.queryLong("dispatch_test", "select count(*) from extension_request where id = ?::uuid"
                + " and state = 'APPROVED' and granted_deadline = ?::timestamptz", requestId, granted.toString()))
                .as("decided once, as first decided").isEqualTo(1);

        JsonNode decided = events(call, 2).get(1);
        assertThat(schemas.violations(decided)).isEmpty();
        assertThat(decided.get("type").asText()).isEqualTo(EventTypes.TASK_EXTENSION_DECIDED);
        assertThat(decided.at("/data/approved").asBoolean()).isTrue();
        assertThat(Instant.parse(decided.at("/data/grantedDeadline").asText())).isEqualTo(granted);
        assertThat(decided.at("/data/requestId").asText()).isEqualTo(requestId);
        as("jinsha.dispatcher").get("/api/dispatch/extensions").then().statusCode(200).body("id", not(hasItem(requestId)));
    }

    @Test
    void aDispatcherSuspendsALiveTaskAndResumesItEachOnce() {
        CloudEvent call = calls.accepted(FENGLING, "GS-03", FENGLING + "/grid-02");
        calls.publish(call);
        JsonNode lead = events(call, 1).get(0);
        String taskId = lead.at("/data/taskId").asText();
        String suspend = "/api/dispatch/tasks/" + taskId + "/suspend";
        String resume = "/api/dispatch/tasks/" + taskId + "/resume";

        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("reason", " ")).post(suspend).then().statusCode(400)
                .contentType(PROBLEM_JSON).body("violations.field", hasItem("reason"));
        as("urban.section").contentType(ContentType.JSON).body(Map.of("reason", "x")).post(suspend).then().statusCode(403);
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/dispatch/tasks/" + UUID.randomUUID() + "/suspend").then().statusCode(404).contentType(PROBLEM_JSON);
        as("jinsha.dispatcher").post(resume).then().statusCode(409).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://huying.io/problems/not-suspended"));
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(Map.of("reason", "待产权单位确认维修责任"))
                .post(suspend).then().statusCode(200)
                .body("tasks.find { it.id == '" + taskId + "' }.suspensionReason", equalTo("待产权单位确认维修责任"));
        as("baiyun.dispatcher").contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post(suspend).then().statusCode(409).body("type", equalTo("https://huying.io/problems/already-suspended"));
        as("jinsha.dispatcher").post(resume).then().statusCode(200)
                .body("tasks.find { it.id == '" + taskId + "' }.suspendedAt", equalTo(null));

        List<JsonNode> events = events(call, 3);
        assertThat(events).allSatisfy(e -> assertThat(schemas.violations(e)).isEmpty());
        assertThat(events).extracting(e -> e.get("type").asText())
                .containsExactly(EventTypes.TASK_DISPATCHED, EventTypes.TASK_SUSPENDED, EventTypes.TASK_RESUMED);
        assertThat(events.get(1).at("/data/reason").asText()).isEqualTo("待产权单位确认维修责任");
        assertThat(events.get(2).at("/data/suspendedAt").asText()).isEqualTo(events.get(1).at("/data/at").asText());
        assertThat(events.get(2).at("/data/by/username").asText()).isEqualTo("jinsha.dispatcher");
    }

    private List<JsonNode> events(CloudEvent call, int count) {
        List<ConsumerRecord<String, String>> records = tasks.awaitDistinct(r -> call.subject().equals(r.key()), count, Duration.ofSeconds(30));
        assertThat(records).as("events of call " + call.subject() + " on huying.tasks").hasSize(count);
        return records.stream().map(r -> {
            try {
                return json.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String taskStatus(String taskId) {
        return LocalInfra.queryString("dispatch_test", "select status from task where id = ?::uuid", taskId);
    }

    private static long liveLeadTasks(String callId) {
        return LocalInfra.queryLong("dispatch_test",
                "select count(*) from task where call_id = ?::uuid and role = 'LEAD' and status in ('DISPATCHED', 'ACKNOWLEDGED')", callId);
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }
}
