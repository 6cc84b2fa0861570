package io.huying.response;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.FileRef;
import io.huying.contracts.events.SlaBreached;
import io.huying.contracts.events.SlaClockStarted;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaWarning;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.schema.EventSchemas;
import io.huying.platform.attachment.Attachments;
import io.huying.platform.security.Caller;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a section needs to work its inbox: the call it must handle (reporter masked except for the
 * handling and the raising unit), the nearest deadline first and filters by its SLA state, bulk
 * sign-for, assignment to a named member (分派到人) with a "mine" view, quick replies, and completion
 * with uploaded evidence files.
 */
@QuarkusTest
class InboxWorkTest {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String URBAN = "/baiyun/jinsha/sections/urban";
    private static final String PEACE = "/baiyun/jinsha/sections/peace";
    private static final String PLANNING = "/baiyun/jinsha/sections/planning";

    @Inject
    ObjectMapper json;

    @Inject
    Attachments attachments;

    private TestEvents events;
    private Dispatches dispatches;
    private TopicProbe responses;
    private final EventSchemas schemas = new EventSchemas();

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void open() {
        events = new TestEvents(json);
        dispatches = new Dispatches(json);
        responses = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.RESPONSES);
    }

    @AfterEach
    void close() {
        events.close();
        dispatches.close();
        responses.close();
    }

    @Test
    void theHandlingUnitSeesTheCallWithTheReporterAndUnitsAboveSeeTheReporterMasked() {
        TaskDispatched task = dispatch(dispatches.routed(URBAN, Urgency.ROUTINE));

        as("urban.section").get("/api/tasks/" + task.taskId()).then().statusCode(200)
                .body("call.requestType", equalTo("COMPLAINT"))
                .body("call.description", equalTo("凤岭路12号门前摊贩占用人行道，影响通行"))
                .body("call.address", equalTo("金沙街道凤岭社区凤岭路12号"))
                .body("call.gridPath", equalTo("/baiyun/jinsha/fengling/grid-01"))
                .body("call.latitude", equalTo(23.1852f))
                .body("call.longitude", equalTo(113.2671f))
                .body("call.reporter.name", equalTo("李女士"))
                .body("call.reporter.phone", equalTo("138****8000"))
                .body("call.reporter.revealable", equalTo(true))
                .body("call.attachments", equalTo(List.of("https://files.example.gov.cn/before.jpg")))
                .body("call.files[0].url", equalTo(Dispatches.PHOTO.url()));
        // 金沙街道 sees its section's tasks, but did not raise this call (凤岭 did): masked, in the list and alone.
        // The handler reveals the phone number with a reason (audited); nobody else in the path may.
        as("urban.section").contentType(ContentType.JSON).body(Map.of("reason", "联系来电人约定上门时间"))
                .post("/api/tasks/" + task.taskId() + "/reporter/reveal").then().statusCode(200)
                .body("phone", equalTo("13800138000")).body("revealedTo", equalTo("urban.section"));
        assertThat(LocalInfra.queryString("response_test", "select detail from huying_audit_log where username = 'urban.section' "
                + "and target = ?", "/api/tasks/" + task.taskId() + "/reporter/reveal")).contains("联系来电人约定上门时间");
        as("jinsha.office").get("/api/tasks/" + task.taskId()).then().statusCode(200)
                .body("call.reporter.name", equalTo("李**"))
                .body("call.reporter.phone", equalTo("138****8000"))
                .body("call.reporter.masked", equalTo(true))
                .body("call.reporter.revealable", equalTo(false))
                .body("call.description", equalTo("凤岭路12号门前摊贩占用人行道，影响通行"));
        List<Map<String, Object>> listed = inboxItems("jinsha.office", Map.of());
        assertThat(listed).filteredOn(i -> i.get("taskId").equals(task.taskId().toString()))
                .extracting(i -> json.valueToTree(i).at("/call/reporter/phone").asText()).containsExactly("138****8000");

        // A call 金沙街道 raised itself: its office sees the reporter it recorded.
        TaskDispatched own = dispatch(dispatches.routed(URBAN, Urgency.ROUTINE, "/baiyun/jinsha"));
        as("jinsha.office").get("/api/tasks/" + own.taskId()).then().statusCode(200)
                .body("call.reporter.name", equalTo("李女士")).body("call.reporter.revealable", equalTo(true));
    }

    @Test
    void theInboxListsTheNearestOpenDeadlineFirstAndFiltersByItsSlaState() {
        Instant base = Instant.parse("2026-12-21T01:00:00Z");
        // A: waits for sign-for, due in 1 h and at risk; B: waits for sign-for, due in 3 h; C: signed for, its resolve
        // deadline (2 h) breached; D: no deadline known yet.
        TaskDispatched a = dispatch(dispatches.routed(PEACE, Urgency.ROUTINE));
        TaskDispatched b = dispatch(dispatches.routed(PEACE, Urgency.CRITICAL));
        TaskDispatched c = dispatch(dispatches.routed(PEACE, Urgency.ROUTINE));
        TaskDispatched d = dispatch(dispatches.routed(PEACE, Urgency.CRITICAL));
        as("peace.section").post("/api/tasks/" + c.taskId() + "/sign-for").then().statusCode(200);

        sla(a, EventTypes.SLA_CLOCK_STARTED, started(a, ClockKind.SIGN_FOR, base.plusSeconds(3600)));
        sla(a, EventTypes.SLA_WARNING, new SlaWarning(UUID.randomUUID(), a.callId(), a.number(), a.taskId(), ClockKind.SIGN_FOR, PEACE,
                "SR-01", Urgency.ROUTINE, base.plusSeconds(3600), "2026.1", "2026.1", 75, Instant.now()));
        sla(b, EventTypes.SLA_CLOCK_STARTED, started(b, ClockKind.SIGN_FOR, base.plusSeconds(3 * 3600)));
        sla(b, EventTypes.SLA_CLOCK_STARTED, started(b, ClockKind.RESOLVE, base.plusSeconds(3600 / 2)));
        sla(c, EventTypes.SLA_CLOCK_STARTED, started(c, ClockKind.RESOLVE, base.plusSeconds(2 * 3600)));
        sla(c, EventTypes.SLA_BREACHED, new SlaBreached(UUID.randomUUID(), c.callId(), c.number(), c.taskId(), ClockKind.RESOLVE, PEACE,
                "SR-01", Urgency.ROUTINE, base.plusSeconds(2 * 3600), "2026.1", "2026.1", Instant.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                "AT_RISK".equals(deadlineState(a)) && "BREACHED".equals(deadlineState(c)) && "ON_TRACK".equals(deadlineState(b)));

        as("peace.section").get("/api/tasks/" + a.taskId()).then().statusCode(200)
                .body("deadline.kind", equalTo("SIGN_FOR")).body("deadline.at", equalTo("2026-12-21T02:00:00Z"))
                .body("deadline.state", equalTo("AT_RISK"));
        // B's resolve deadline is nearer, but B is not signed for: its sign-for deadline is the one that matters.
        as("peace.section").get("/api/tasks/" + b.taskId()).then().statusCode(200)
                .body("deadline.kind", equalTo("SIGN_FOR")).body("deadline.at", equalTo("2026-12-21T04:00:00Z"));
        as("peace.section").get("/api/tasks/" + c.taskId()).then().statusCode(200)
                .body("deadline.kind", equalTo("RESOLVE")).body("deadline.state", equalTo("BREACHED"));
        as("peace.section").get("/api/tasks/" + d.taskId()).then().statusCode(200).body("deadline", equalTo(null));

        List<String> mine = List.of(a.taskId().toString(), b.taskId().toString(), c.taskId().toString(), d.taskId().toString());
        List<String> order = inboxIds("peace.section", Map.of()).stream().filter(mine::contains).toList();
        assertThat(order).as("nearest deadline first, none last, whatever the urgency")
                .containsExactly(a.taskId().toString(), c.taskId().toString(), b.taskId().toString(), d.taskId().toString());

        assertThat(inboxIds("peace.section", Map.of("sla", "AT_RISK"))).contains(a.taskId().toString())
                .doesNotContain(b.taskId().toString(), c.taskId().toString(), d.taskId().toString());
        assertThat(inboxIds("peace.section", Map.of("sla", "breached"))).contains(c.taskId().toString())
                .doesNotContain(a.taskId().toString(), b.taskId().toString(), d.taskId().toString());
        assertThat(inboxIds("peace.section", Map.of("sla", "ON_TRACK"))).contains(b.taskId().toString())
                .doesNotContain(a.taskId().toString(), c.taskId().toString(), d.taskId().toString());
        as("peace.section").queryParam("sla", "LATE").get("/api/tasks").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("sla"));
        as("peace.section").queryParam("mine", "yes").get("/api/tasks").then().statusCode(400)
                .body("violations[0].field", equalTo("mine"));
    }

    @Test
    void bulkSignForSignsForEachOwnTaskAndReportsTheOthersWithoutTouchingThem() {
        TaskDispatched first = dispatch(dispatches.routed(URBAN, Urgency.ROUTINE));
        TaskDispatched second = dispatch(dispatches.routed(URBAN, Urgency.URGENT));
        TaskDispatched foreign = dispatch(dispatches.routed(PLANNING, Urgency.ROUTINE));
        UUID unknown = UUID.randomUUID();

        as("urban.section").contentType(ContentType.JSON)
                .body(Map.of("taskIds", List.of(first.taskId(), foreign.taskId(), second.taskId(), unknown)))
                .post("/api/tasks/sign-for").then().statusCode(200)
                .body("results.taskId", equalTo(List.of(first.taskId().toString(), foreign.taskId().toString(),
                        second.taskId().toString(), unknown.toString())))
                .body("results.status", equalTo(List.of(200, 404, 200, 404)));
        as("urban.section").get("/api/tasks/" + first.taskId()).then().statusCode(200).body("status", equalTo("ACKNOWLEDGED"));
        as("urban.section").get("/api/tasks/" + second.taskId()).then().statusCode(200).body("status", equalTo("ACKNOWLEDGED"));
        assertThat(LocalInfra.queryString("response_test", "select status from inbox_task where task_id = ?::uuid",
                foreign.taskId().toString())).isEqualTo("DISPATCHED");
        assertThat(LocalInfra.queryLong("response_test", "select count(*) from task_activity where task_id = ?::uuid",
                foreign.taskId().toString())).as("nothing written for the other unit's task").isZero();

        // Again: each is now a conflict on its own, and the events were one per signed-for task.
        as("urban.section").contentType(ContentType.JSON).body(Map.of("taskIds", List.of(first.taskId())))
                .post("/api/tasks/sign-for").then().statusCode(200).body("results[0].status", equalTo(409));
        assertThat(eventsOf(first.callId(), 1)).singleElement()
                .satisfies(e -> assertThat(e.get("type").asText()).isEqualTo(EventTypes.TASK_ACKNOWLEDGED));
        assertThat(eventsOf(second.callId(), 1)).singleElement().satisfies(e -> assertThat(schemas.violations(e)).isEmpty());

        as("urban.section").contentType(ContentType.JSON).body(Map.of("taskIds", List.of())).post("/api/tasks/sign-for")
                .then().statusCode(400).contentType(PROBLEM_JSON);
        List<UUID> tooMany = IntStream.range(0, 51).mapToObj(i -> UUID.randomUUID()).toList();
        as("urban.section").contentType(ContentType.JSON).body(Map.of("taskIds", tooMany)).post("/api/tasks/sign-for")
                .then().statusCode(400).contentType(PROBLEM_JSON);
        as("jinsha.office").contentType(ContentType.JSON).body(Map.of("taskIds", List.of(first.taskId())))
                .post("/api/tasks/sign-for").then().statusCode(403);
    }

    @Test
    void aTaskIsAssignedToAMemberOfTheUnitAndShowsInTheirMineView() {
        // Members become known by using response: 王芳 and the civil section's clerk (another unit).
        as("urban.clerk").get("/api/tasks").then().statusCode(200);
        as("civil.section").get("/api/tasks").then().statusCode(200);
        as("urban.section").get("/api/tasks/members").then().statusCode(200)
                .body("username", hasItem("urban.clerk"))
                .body("username", hasItem("urban.section"))
                .body("username", not(hasItem("civil.section")))
                .body("find { it.username == 'urban.clerk' }.name", equalTo("王芳"));

        TaskDispatched task = dispatch(dispatches.routed(URBAN, Urgency.URGENT));
        String taskId = task.taskId().toString();
        assign("urban.section", taskId, "civil.section").then().statusCode(422).contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("username"));
        assign("urban.section", taskId, "nobody.here").then().statusCode(422).body("violations[0].field", equalTo("username"));
        assign("urban.section", taskId, "").then().statusCode(400).body("violations[0].field", equalTo("username"));
        assign("jinsha.office", taskId, "urban.clerk").then().statusCode(403);
        assign("peace.section", taskId, "urban.clerk").then().statusCode(404);
        assertThat(LocalInfra.queryLong("response_test", "select count(*) from task_activity where task_id = ?::uuid", taskId))
                .as("refused assignments record nothing").isZero();

        assign("urban.section", taskId, "urban.clerk").then().statusCode(200)
                .body("assignee.username", equalTo("urban.clerk"))
                .body("assignee.name", equalTo("王芳"))
                .body("activities.kind", equalTo(List.of("ASSIGNED")))
                .body("activities[0].by", equalTo("urban.section"));
        assertThat(inboxIds("urban.clerk", Map.of("mine", "true"))).contains(taskId);
        assertThat(inboxIds("urban.section", Map.of("mine", "true"))).doesNotContain(taskId);

        JsonNode assigned = eventsOf(task.callId(), 1).get(0);
        assertThat(schemas.violations(assigned)).isEmpty();
        assertThat(assigned.get("type").asText()).isEqualTo(EventTypes.TASK_ASSIGNED);
        assertThat(assigned.at("/data/assignee/username").asText()).isEqualTo("urban.clerk");
        assertThat(assigned.at("/data/assignee/name").asText()).isEqualTo("王芳");

        // The clerk, assigned, signs for it; a finished task is assigned no more.
        as("urban.clerk").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(200);
        as("urban.clerk").contentType(ContentType.JSON).body(Map.of("result", "已处理")).post("/api/tasks/" + taskId + "/complete")
                .then().statusCode(200);
        assign("urban.section", taskId, "urban.section").then().statusCode(409);
    }

    @Test
    void quickRepliesComeByCategoryGroupWithAGenericFallback() {
        List<Map<String, String>> sr = as("urban.section").queryParam("category", "SR-01").get("/api/tasks/templates")
                .then().statusCode(200).extract().path("");
        assertThat(sr).extracting(t -> t.get("kind")).contains("NOTE", "RESULT").containsOnly("NOTE", "RESULT");
        assertThat(sr).anySatisfy(t -> assertThat(t.get("text")).contains("占道"));
        List<Map<String, String>> fallback = as("urban.section").queryParam("category", "QQ-01").get("/api/tasks/templates")
                .then().statusCode(200).extract().path("");
        assertThat(fallback).isNotEmpty().isNotEqualTo(sr);
        assertThat(fallback).extracting(t -> t.get("kind")).contains("NOTE", "RESULT");
        as("urban.section").queryParam("category", "sr01").get("/api/tasks/templates").then().statusCode(400)
                .body("violations[0].field", equalTo("category"));
    }

    @Test
    void aCompletionBindsTheUnitsUploadedEvidenceAndAnnouncesIt() throws Throwable {
        TaskDispatched task = dispatch(dispatches.routed(URBAN, Urgency.ROUTINE));
        String taskId = task.taskId().toString();
        as("urban.section").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(200);
        FileRef photo = upload(new Caller("sub-u", "urban.section", Set.of("department"), List.of(OrgPath.of(URBAN))), "after.jpg");
        FileRef othersPhoto = upload(new Caller("sub-p", "planning.section", Set.of("department"), List.of(OrgPath.of(PLANNING))),
                "theirs.jpg");

        as("urban.section").contentType(ContentType.JSON)
                .body(Map.of("result", "已清理", "files", List.of(photo.id(), othersPhoto.id())))
                .post("/api/tasks/" + taskId + "/complete").then().statusCode(422).contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("files"));
        as("urban.section").get("/api/tasks/" + taskId).then().statusCode(200).body("status", equalTo("ACKNOWLEDGED"));
        List<UUID> ten = new ArrayList<>(Collections.nCopies(10, photo.id()));
        as("urban.section").contentType(ContentType.JSON).body(Map.of("result", "已清理", "files", ten))
                .post("/api/tasks/" + taskId + "/complete").then().statusCode(400).body("violations[0].field", equalTo("files"));

        as("urban.section").contentType(ContentType.JSON)
                .body(Map.of("result", "已清理占道摊点", "evidence", List.of("https://files.example.gov.cn/after.jpg"),
                        "files", List.of(photo.id())))
                .post("/api/tasks/" + taskId + "/complete").then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("activities.find { it.kind == 'COMPLETED' }.files[0].id", equalTo(photo.id().toString()))
                .body("activities.find { it.kind == 'COMPLETED' }.files[0].url", equalTo("/api/tasks/attachments/" + photo.id()))
                .body("activities.find { it.kind == 'COMPLETED' }.evidence", equalTo(List.of("https://files.example.gov.cn/after.jpg")));

        JsonNode completed = eventsOf(task.callId(), 2).get(1);
        assertThat(schemas.violations(completed)).isEmpty();
        assertThat(completed.get("type").asText()).isEqualTo(EventTypes.TASK_COMPLETED);
        assertThat(completed.at("/data/files/0/id").asText()).isEqualTo(photo.id().toString());
        assertThat(completed.at("/data/files/0/contentType").asText()).isEqualTo("image/jpeg");
        assertThat(LocalInfra.queryString("response_test", "select bound_scope from huying_attachment where id = ?::uuid",
                photo.id().toString())).isEqualTo("task-completion");
        assertThat(LocalInfra.queryString("response_test", "select coalesce(bound_scope, 'unbound') from huying_attachment where id = ?::uuid",
                othersPhoto.id().toString())).isEqualTo("unbound");
    }

    private FileRef upload(Caller caller, String name) throws Throwable {
        byte[] jpeg = new byte[256];
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        jpeg[3] = (byte) 0xE0;
        return VertxContextSupport.subscribeAndAwait(() -> attachments.upload(caller, name, jpeg));
    }

    private static io.restassured.response.Response assign(String user, String taskId, String username) {
        return as(user).contentType(ContentType.JSON).body(Map.of("username", username)).post("/api/tasks/" + taskId + "/assign");
    }

    private TaskDispatched dispatch(TaskDispatched task) {
        dispatches.publish(task);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                LocalInfra.queryLong("response_test", "select count(*) from inbox_task where task_id = ?::uuid", task.taskId().toString()) > 0);
        return task;
    }

    private static String deadlineState(TaskDispatched task) {
        return LocalInfra.queryString("response_test", "select coalesce(deadline_state, '') from inbox_task where task_id = ?::uuid",
                task.taskId().toString());
    }

    private static SlaClockStarted started(TaskDispatched task, ClockKind clock, Instant deadline) {
        return new SlaClockStarted(UUID.randomUUID(), task.callId(), task.number(), task.taskId(), clock, task.unitPath(), "SR-01",
                task.urgency(), deadline, "2026.1", "2026.1", task.dispatchedAt(), "1 WORKING_DAYS", List.of());
    }

    private void sla(TaskDispatched task, String type, Object data) {
        CloudEvent event = CloudEvent.of("sla", type, task.callId(), Instant.now(), json.valueToTree(data));
        assertThat(schemas.violations(json.valueToTree(event))).as(type).isEmpty();
        events.publish(Topics.SLA, event);
    }

    /** Every task id of the user's inbox with these filters, page by page, in the inbox's order. */
    private List<String> inboxIds(String user, Map<String, String> filters) {
        return inboxItems(user, filters).stream().map(i -> (String) i.get("taskId")).toList();
    }

    private static List<Map<String, Object>> inboxItems(String user, Map<String, String> filters) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            var answer = as(user).queryParams(filters).queryParam("size", 100).queryParam("page", page).get("/api/tasks")
                    .then().statusCode(200).extract();
            List<Map<String, Object>> found = answer.path("items");
            items.addAll(found);
            if (items.size() >= answer.<Integer>path("total") || found.isEmpty()) {
                return items;
            }
        }
    }

    private List<JsonNode> eventsOf(UUID callId, int count) {
        var records = responses.awaitDistinct(r -> callId.toString().equals(r.key()), count, Duration.ofSeconds(30));
        assertThat(records).hasSize(count);
        return records.stream().map(r -> {
            try {
                return json.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }
}
