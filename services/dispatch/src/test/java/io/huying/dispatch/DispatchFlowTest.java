package io.huying.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.ConsumerProgress;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Accepted calls on huying.calls become tasks on huying.tasks, or wait in the manual queue (兜底). */
@QuarkusTest
class DispatchFlowTest {
    private static final String PROBLEM_JSON = "application/problem+json";
    /** Dispatch's consumer commits what it processed every few seconds (SmallRye's throttled commits, 5 s). */
    private static final Duration CONSUMED = Duration.ofSeconds(30);

    @Inject
    ObjectMapper json;

    /** Dispatch's consumer group on huying.calls (one of its own per test run). */
    @ConfigProperty(name = "mp.messaging.incoming.calls.group.id")
    String callsGroup;

    private AcceptedCalls calls;
    private TopicProbe tasks;
    private final EventSchemas schemas = new EventSchemas();

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void open() {
        calls = new AcceptedCalls(json);
        tasks = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.TASKS);
    }

    @AfterEach
    void close() {
        calls.close();
        tasks.close();
    }

    @Test
    void aCommunityCallBecomesOneLeadTaskForTheStreetSection() throws Exception {
        CloudEvent call = calls.accepted("/baiyun/jinsha/fengling", "SR-01", "/baiyun/jinsha/fengling/grid-01");
        calls.publish(call);

        JsonNode event = only(events(call, 1));
        assertThat(schemas.violations(event)).isEmpty();
        assertThat(event.get("type").asText()).isEqualTo(EventTypes.TASK_DISPATCHED);
        assertThat(event.at("/data/role").asText()).isEqualTo("LEAD");
        assertThat(event.at("/data/unitPath").asText()).isEqualTo("/baiyun/jinsha/sections/urban");
        assertThat(event.at("/data/dispatchedBy/ruleId").asText()).isEqualTo("JS-COMMUNITY-SR");
        // The call travels with its task: the handling unit needs no call to intake.
        assertThat(event.at("/data/call/requestType").asText()).isEqualTo("COMPLAINT");
        assertThat(event.at("/data/call/description").asText()).isEqualTo("测试呼叫的描述");
        assertThat(event.at("/data/call/location/gridPath").asText()).isEqualTo("/baiyun/jinsha/fengling/grid-01");
        assertThat(event.at("/data/call/location/latitude").asDouble()).isEqualTo(23.1852);
        assertThat(event.at("/data/call/reporter/phone").asText()).isEqualTo("13800138000");
        assertThat(event.at("/data/call/attachments/0").asText()).isEqualTo("https://files.example.gov.cn/before.jpg");
        assertThat(event.at("/data/call/files/0/url").asText()).isEqualTo(AcceptedCalls.PHOTO.url());

        as("urban.section").get("/api/dispatch/calls/" + call.subject()).then().statusCode(200)
                .body("state", equalTo("ROUTED"))
                .body("tasks.size()", equalTo(1))
                .body("tasks[0].unitName", equalTo("城管科"));
        as("fengling.office").get("/api/dispatch/calls/" + call.subject()).then().statusCode(200);
        as("pingle.office").get("/api/dispatch/calls/" + call.subject()).then().statusCode(404).contentType(PROBLEM_JSON);
        as("housing.dept").get("/api/dispatch/calls/" + call.subject()).then().statusCode(404);
    }

    @Test
    void aStreetCallGoesToADistrictDepartmentWithAssistingUnits() throws Exception {
        CloudEvent call = calls.accepted("/baiyun/jinsha", "WJ-01", "/baiyun/jinsha/pingle/grid-02");
        calls.publish(call);

        List<JsonNode> events = events(call, 2);
        assertThat(events).allSatisfy(e -> assertThat(schemas.violations(e)).isEmpty());
        assertThat(events).extracting(e -> e.at("/data/role").asText() + " " + e.at("/data/unitPath").asText())
                .containsExactlyInAnyOrder("LEAD /baiyun/departments/housing", "ASSIST /baiyun/departments/urban-management");
        assertThat(leadTasks(call)).isEqualTo(1);
    }

    @Test
    void redeliveringAnAcceptedCallChangesNothing() throws Exception {
        CloudEvent call = calls.accepted("/baiyun/jinsha/pingle", "HW-01", "/baiyun/jinsha/pingle/grid-01");
        calls.publish(call);
        events(call, 1);
        calls.publish(call);
        RecordMetadata last = calls.publishLocated(call);

        ConsumerProgress.awaitConsumed(callsGroup, last, CONSUMED);
        assertThat(LocalInfra.queryLong("dispatch_test", "select count(*) from task where call_id = ?::uuid", call.subject()))
                .isEqualTo(1);
    }

    @Test
    void callsAcceptedTogetherAreEachDispatchedOnceEvenWhenOneIsAnnouncedTwice() throws Exception {
        List<CloudEvent> routed = new ArrayList<>();
        List<CloudEvent> unrouted = new ArrayList<>();
        List<RecordMetadata> published = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            CloudEvent call = i % 4 == 3
                    ? calls.accepted("/baiyun/jinsha", "MD-03", "/baiyun/jinsha/fengling/grid-03")
                    : calls.accepted("/baiyun/jinsha/fengling", "SR-01", "/baiyun/jinsha/fengling/grid-01");
            (i % 4 == 3 ? unrouted : routed).add(call);
            published.add(calls.publishLocated(call));
            if (i == 5 || i == 7) {
                // Announced again right behind itself, as intake's relay may (at least once: the same event id).
                published.add(calls.publishLocated(call));
            }
        }

        for (CloudEvent call : routed) {
            assertThat(only(events(call, 1)).get("type").asText()).isEqualTo(EventTypes.TASK_DISPATCHED);
        }
        for (CloudEvent call : unrouted) {
            assertThat(only(events(call, 1)).get("type").asText()).isEqualTo(EventTypes.DISPATCH_QUEUED);
        }
        // Dispatch's output is published at least once: its effects (rows) are counted, once every call
        // announcement, repeats included, is behind dispatch's consumer.
        ConsumerProgress.awaitConsumed(callsGroup, published, CONSUMED);
        for (CloudEvent call : routed) {
            assertThat(LocalInfra.queryLong("dispatch_test", "select count(*) from task where call_id = ?::uuid", call.subject()))
                    .as("tasks of " + call.subject()).isEqualTo(1);
            assertThat(leadTasks(call)).isEqualTo(1);
        }
        for (CloudEvent call : unrouted) {
            assertThat(LocalInfra.queryLong("dispatch_test",
                    "select count(*) from dispatch_case where call_id = ?::uuid and state = 'QUEUED'", call.subject())).isEqualTo(1);
            assertThat(LocalInfra.queryLong("dispatch_test", "select count(*) from task where call_id = ?::uuid", call.subject()))
                    .isZero();
        }
    }

    /** Neither a call merged into an open one (合并) nor a rejected one (不予立项) becomes a case or a task. */
    @Test
    void mergedAndRejectedCallsAreNotDispatched() throws Exception {
        CloudEvent open = calls.accepted("/baiyun/jinsha/fengling", "GS-01", "/baiyun/jinsha/fengling/grid-02");
        calls.publish(open);
        events(open, 1);
        CloudEvent merged = calls.merged(open);
        CloudEvent rejected = calls.rejected("/baiyun/jinsha/fengling", "SR-99");
        List<RecordMetadata> published = List.of(calls.publishLocated(merged), calls.publishLocated(rejected));

        ConsumerProgress.awaitConsumed(callsGroup, published, CONSUMED);
        for (CloudEvent call : List.of(merged, rejected)) {
            assertThat(LocalInfra.queryLong("dispatch_test", "select count(*) from dispatch_case where call_id = ?::uuid",
                    call.subject())).as("case of " + call.type()).isZero();
            assertThat(LocalInfra.queryLong("dispatch_test", "select count(*) from task where call_id = ?::uuid",
                    call.subject())).as("tasks of " + call.type()).isZero();
        }
        assertThat(LocalInfra.queryLong("dispatch_test", "select count(*) from task where call_id = ?::uuid", open.subject()))
                .as("the open call keeps its one task").isEqualTo(1);
    }

    @Test
    void anUnroutedCallWaitsInTheDistrictQueueUntilADispatcherDispatchesIt() throws Exception {
        CloudEvent call = calls.accepted("/baiyun/jinsha", "MD-03", "/baiyun/jinsha/fengling/grid-03");
        calls.publish(call);

        JsonNode queued = only(events(call, 1));
        assertThat(schemas.violations(queued)).isEmpty();
        assertThat(queued.get("type").asText()).isEqualTo(EventTypes.DISPATCH_QUEUED);
        assertThat(queued.at("/data/queueUnit").asText()).isEqualTo("/baiyun");

        String callId = call.subject();
        as("baiyun.dispatcher").get("/api/dispatch/queue").then().statusCode(200).body("callId", hasItem(callId));
        as("jinsha.dispatcher").get("/api/dispatch/queue").then().statusCode(200).body("callId", not(hasItem(callId)));
        as("fengling.office").get("/api/dispatch/queue").then().statusCode(403).contentType(PROBLEM_JSON);
        as("jinsha.dispatcher").contentType(ContentType.JSON)
                .body(Map.of("leadUnit", "/baiyun/departments/housing")).post("/api/dispatch/queue/" + callId)
                .then().statusCode(404).contentType(PROBLEM_JSON);

        // 采办分离 comes first: the raiser named as handler is refused as such.
        as("baiyun.dispatcher").contentType(ContentType.JSON)
                .body(Map.of("leadUnit", "/baiyun/jinsha", "assistingUnits", List.of("/baiyun/nowhere")))
                .post("/api/dispatch/queue/" + callId)
                .then().statusCode(422).contentType(PROBLEM_JSON)
                .body("type", endsWith("/raiser-cannot-handle"));
        as("baiyun.dispatcher").contentType(ContentType.JSON)
                .body(Map.of("leadUnit", "/baiyun/songzhou", "assistingUnits", List.of("/baiyun/nowhere")))
                .post("/api/dispatch/queue/" + callId)
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations.field", hasItem("leadUnit"))
                .body("violations.field", hasItem("assistingUnits[0]"));

        as("baiyun.dispatcher").contentType(ContentType.JSON)
                .body(Map.of("leadUnit", "/baiyun/departments/public-security",
                        "assistingUnits", List.of("/baiyun/departments/housing")))
                .post("/api/dispatch/queue/" + callId)
                .then().statusCode(200)
                .body("state", equalTo("ROUTED"))
                .body("tasks.size()", equalTo(2))
                .body("tasks.find { it.role == 'LEAD' }.dispatcher", equalTo("baiyun.dispatcher"));

        List<JsonNode> dispatched = events(call, 3).subList(1, 3);
        assertThat(dispatched).allSatisfy(e -> {
            assertThat(schemas.violations(e)).isEmpty();
            assertThat(e.at("/data/call/description").asText()).isEqualTo("测试呼叫的描述");
            assertThat(e.at("/data/dispatchedBy/kind").asText()).isEqualTo("DISPATCHER");
            assertThat(e.at("/data/dispatchedBy/dispatcher/username").asText()).isEqualTo("baiyun.dispatcher");
        });

        as("baiyun.dispatcher").contentType(ContentType.JSON)
                .body(Map.of("leadUnit", "/baiyun/departments/housing")).post("/api/dispatch/queue/" + callId)
                .then().statusCode(409).contentType(PROBLEM_JSON);
        as("baiyun.dispatcher").get("/api/dispatch/queue").then().statusCode(200).body("callId", not(hasItem(callId)));
    }

    @Test
    void aDispatcherIsOfferedTheUnitsManualDispatchAcceptsAndOnlyADispatcher() {
        for (String dispatcher : List.of("jinsha.dispatcher", "baiyun.dispatcher")) {
            List<Map<String, String>> units = as(dispatcher).get("/api/dispatch/units").then().statusCode(200).extract().path("");
            assertThat(units).extracting(u -> u.get("level")).as(dispatcher).containsOnly("DEPARTMENT", "SECTION");
            assertThat(units).extracting(u -> u.get("path")).as(dispatcher)
                    .contains("/baiyun/jinsha/sections/urban", "/baiyun/departments/housing")
                    .doesNotContain("/baiyun/jinsha", "/baiyun/jinsha/fengling", "/baiyun");
            assertThat(units).filteredOn(u -> u.get("path").equals("/baiyun/jinsha/sections/urban"))
                    .extracting(u -> u.get("name")).containsExactly("城管科");
        }
        // A street's 综治中心 assigns its own street's sections and the district's departments; the district's, every street's.
        List<String> jinsha = as("jinsha.dispatcher").get("/api/dispatch/units").then().statusCode(200).extract().path("path");
        assertThat(jinsha).doesNotContain("/baiyun/songzhou/sections/urban").contains("/baiyun/departments/urban-management");
        List<String> baiyun = as("baiyun.dispatcher").get("/api/dispatch/units").then().statusCode(200).extract().path("path");
        assertThat(baiyun).contains("/baiyun/songzhou/sections/urban", "/baiyun/jinsha/sections/peace");
        as("urban.section").get("/api/dispatch/units").then().statusCode(403).contentType(PROBLEM_JSON);
        given().get("/api/dispatch/units").then().statusCode(401);
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

    private static JsonNode only(List<JsonNode> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static long leadTasks(CloudEvent call) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                LocalInfra.queryLong("dispatch_test", "select count(*) from task where call_id = ?::uuid", call.subject()) > 0);
        return LocalInfra.queryLong("dispatch_test", "select count(*) from task where call_id = ?::uuid and role = 'LEAD'",
                call.subject());
    }

    private static io.restassured.specification.RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }
}
