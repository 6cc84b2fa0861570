package io.huying.response;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.SlaBreached;
import io.huying.contracts.events.SlaClockStarted;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaClockStopped;
import io.huying.contracts.events.SlaDeadlineChanged;
import io.huying.contracts.events.SlaWarning;
import io.huying.contracts.events.TaskSuspension;
import io.huying.contracts.schema.EventSchemas;
import io.huying.response.service.TaskDeadlines;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.huying.testing.TopicProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A dispatched task reaches its unit's inbox; the unit signs for it, handles, completes or returns it. */
@QuarkusTest
class TaskResponseFlowTest {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String URBAN = "/baiyun/jinsha/sections/urban";
    private static final String PLANNING = "/baiyun/jinsha/sections/planning";

    @Inject
    ObjectMapper json;

    @Inject
    TaskDeadlines deadlines;

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
    void aDispatchedTaskIsInItsUnitsInboxAndVisibleAboveButNowhereElse() throws Exception {
        String taskId = dispatch(URBAN, Urgency.CRITICAL);

        as("urban.section").get("/api/tasks/" + taskId).then().statusCode(200).body("urgency", equalTo("CRITICAL"));
        assertThat(inboxOf("urban.section")).contains(taskId);
        assertThat(inboxOf("jinsha.office")).contains(taskId);
        assertThat(inboxOf("housing.dept")).doesNotContain(taskId);
        as("pingle.office").get("/api/tasks/" + taskId).then().statusCode(404).contentType(PROBLEM_JSON);
        as("housing.dept").get("/api/tasks/" + taskId).then().statusCode(404);
        as("urban.section").queryParam("status", "bogus").get("/api/tasks").then().statusCode(400)
                .body("violations[0].field", equalTo("status"));
    }

    @Test
    void theUnitSignsForNotesAndCompletesAndEachStepIsAnnounced() throws Exception {
        String taskId = dispatch(URBAN, Urgency.ROUTINE);
        String callId = callOf(taskId);

        as("urban.section").post("/api/tasks/" + taskId + "/complete").then().statusCode(415);
        act("complete", taskId, Map.of("result", "已处理")).then().statusCode(409).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://huying.io/problems/illegal-transition"));
        as("urban.section").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(200).body("status", equalTo("ACKNOWLEDGED"));
        as("urban.section").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(409).contentType(PROBLEM_JSON);
        act("notes", taskId, Map.of("kind", "CONTACTED_CALLER", "note", "已电话联系李女士")).then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));
        act("notes", taskId, Map.of("kind", "PROGRESS", "note", "城管队员已到场")).then().statusCode(200)
                .body("status", equalTo("IN_PROGRESS"));
        act("complete", taskId, Map.of("evidence", List.of("ftp://x"))).then().statusCode(400)
                .body("violations.field", hasItem("result"))
                .body("violations.field", hasItem("evidence[0]"));
        act("complete", taskId, Map.of("result", "已清理占道摊点并安排每日巡查",
                "evidence", List.of("https://files.example.gov.cn/after.jpg"))).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("activities.kind", equalTo(List.of("ACKNOWLEDGED", "CONTACTED_CALLER", "PROGRESS", "COMPLETED")));
        act("return", taskId, Map.of("reasonCode", "OTHER", "reason", "x")).then().statusCode(409);
        assertThat(LocalInfra.queryLong("response_test", "select count(*) from task_activity where task_id = ?::uuid", taskId))
                .as("the refused return recorded nothing").isEqualTo(4);

        List<JsonNode> events = events(callId, 4);
        assertThat(events).allSatisfy(e -> assertThat(schemas.violations(e)).isEmpty());
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly(EventTypes.TASK_ACKNOWLEDGED,
                EventTypes.TASK_PROGRESSED, EventTypes.TASK_PROGRESSED, EventTypes.TASK_COMPLETED);
        assertThat(events.get(3).at("/data/result").asText()).isEqualTo("已清理占道摊点并安排每日巡查");
        assertThat(events.get(3).at("/data/actor/username").asText()).isEqualTo("urban.section");
    }

    @Test
    void onlyTheUnitsOwnStaffMayAct() throws Exception {
        String taskId = dispatch(URBAN, Urgency.URGENT);
        as("jinsha.office").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(403).contentType(PROBLEM_JSON);
        as("housing.dept").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(404).contentType(PROBLEM_JSON);
        as("urban.section").post("/api/tasks/" + UUID.randomUUID() + "/sign-for").then().statusCode(404);
    }

    @Test
    void aMisroutedTaskIsReturnedWithItsReasonAndThenIsClosedToHandling() throws Exception {
        String taskId = dispatch(URBAN, Urgency.ROUTINE);
        act("return", taskId, Map.of("reasonCode", "WRONG", "reason", "")).then().statusCode(400)
                .body("violations.field", hasItem("reasonCode"))
                .body("violations.field", hasItem("reason"));
        act("return", taskId, Map.of("reasonCode", "NOT_OUR_AREA", "reason", "该路段属松洲街道管辖")).then().statusCode(200)
                .body("status", equalTo("RETURNED"));
        as("urban.section").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(409);

        JsonNode returned = events(callOf(taskId), 1).get(0);
        assertThat(schemas.violations(returned)).isEmpty();
        assertThat(returned.at("/data/reasonCode").asText()).isEqualTo("NOT_OUR_AREA");
    }

    @Test
    void anExtensionIsRequestedForAFutureDeadline() throws Exception {
        String taskId = dispatch(URBAN, Urgency.ROUTINE);
        as("urban.section").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(200);
        act("extension-requests", taskId, Map.of("requestedDeadline", "2020-01-01T00:00:00Z", "reason", "需协调"))
                .then().statusCode(400).body("violations[0].field", equalTo("requestedDeadline"));
        act("extension-requests", taskId, Map.of("requestedDeadline", Instant.now().plus(Duration.ofDays(91)).toString(), "reason", "需协调"))
                .then().statusCode(400).body("violations[0].field", equalTo("requestedDeadline"))
                .body("violations[0].message", containsString("at most 90 days ahead"));
        act("extension-requests", taskId, Map.of("requestedDeadline", "2099-12-31T00:00:00Z", "reason", "需协调"))
                .then().statusCode(400).body("violations[0].field", equalTo("requestedDeadline"));
        String deadline = Instant.now().plus(Duration.ofDays(5)).toString();
        act("extension-requests", taskId, Map.of("requestedDeadline", deadline, "reason", "需协调区住建局共同处置"))
                .then().statusCode(200).body("status", equalTo("ACKNOWLEDGED"));

        List<JsonNode> events = events(callOf(taskId), 2);
        assertThat(events.get(1).get("type").asText()).isEqualTo(EventTypes.TASK_EXTENSION_REQUESTED);
        assertThat(schemas.violations(events.get(1))).isEmpty();
    }

    @Test
    void aRedeliveredDispatchLeavesOneTaskInTheInbox() throws Exception {
        TaskDispatched lead = dispatches.routed(URBAN, Urgency.ROUTINE);
        CloudEvent event = dispatches.event(lead);
        publish(event);
        publish(event);
        // Behind the redelivery, with the same key: an assisting unit joins the call.
        TaskDispatched marker = dispatches.assisting(lead, PLANNING);
        dispatches.publish(marker);
        awaitInInbox(marker.taskId().toString());
        assertThat(LocalInfra.queryLong("response_test", "select count(*) from inbox_task where task_id = ?::uuid",
                lead.taskId().toString())).isEqualTo(1);
    }

    @Test
    void dispatchesArrivingTogetherLandOnceEachAndALaterWithdrawalAmongThemStillApplies() throws Exception {
        List<TaskDispatched> dispatched = new ArrayList<>();
        TaskDispatched withdrawn = null;
        List<TaskDispatched> markers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TaskDispatched task = dispatches.routed(URBAN, Urgency.ROUTINE);
            dispatched.add(task);
            CloudEvent event = dispatches.event(task);
            publish(event);
            if (i == 4) {
                // The same dispatch again right behind it (the relay publishes at least once), then an assisting
                // task of the same call: a same-key marker behind the repeat.
                publish(event);
                markers.add(dispatches.assisting(task, PLANNING));
                dispatches.publish(markers.get(markers.size() - 1));
            }
            if (i == 7) {
                // 改派: the withdrawal, then the new unit's task, as dispatch announces them.
                withdrawn = task;
                dispatches.publish(dispatches.withdrawn(task, "改派规建办"));
                markers.add(dispatches.redispatched(task, PLANNING));
                dispatches.publish(markers.get(markers.size() - 1));
            }
        }
        for (TaskDispatched task : dispatched) {
            awaitInInbox(task.taskId().toString());
        }
        for (TaskDispatched marker : markers) {
            awaitInInbox(marker.taskId().toString());
        }
        for (TaskDispatched task : dispatched) {
            String taskId = task.taskId().toString();
            assertThat(LocalInfra.queryLong("response_test", "select count(*) from inbox_task where task_id = ?::uuid", taskId))
                    .isEqualTo(1);
            assertThat(LocalInfra.queryString("response_test", "select status from inbox_task where task_id = ?::uuid", taskId))
                    .isEqualTo(task == withdrawn ? "WITHDRAWN" : "DISPATCHED");
        }
    }

    @Test
    void aWithdrawnTaskLeavesItsUnitsHandsAndAnArbitratedOneCannotBeReturned() throws Exception {
        TaskDispatched task = dispatches.routed(URBAN, Urgency.URGENT);
        String taskId = task.taskId().toString();
        dispatches.publish(task);
        awaitInInbox(taskId);
        as("urban.section").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(200);
        CloudEvent withdrawn = dispatches.withdrawn(task, "改派规建办");
        publish(withdrawn);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as("urban.section").get("/api/tasks/" + taskId).then().statusCode(200).body("status", equalTo("WITHDRAWN"))
                        .body("activities.kind", hasItem("WITHDRAWN")));
        as("urban.section").contentType(ContentType.JSON).body(Map.of("result", "已处理"))
                .post("/api/tasks/" + taskId + "/complete").then().statusCode(409).contentType(PROBLEM_JSON);
        publish(withdrawn); // redelivered: one activity only
        // The new unit's task, which dispatch announces right after the withdrawal: a same-key marker.
        TaskDispatched moved = dispatches.redispatched(task, PLANNING);
        dispatches.publish(moved);
        awaitInInbox(moved.taskId().toString());
        assertThat(LocalInfra.queryLong("response_test", "select count(*) from task_activity where task_id = ?::uuid and kind = 'WITHDRAWN'",
                taskId)).isEqualTo(1);

        // 终审: 民政办 returned its task; the district's dispatcher assigns the call to 城管科 finally.
        TaskDispatched civil = dispatches.routed("/baiyun/jinsha/sections/civil", Urgency.URGENT);
        dispatches.publish(civil);
        awaitInInbox(civil.taskId().toString());
        as("civil.section").contentType(ContentType.JSON).body(Map.of("reasonCode", "NOT_OUR_AREA", "reason", "不归我科"))
                .post("/api/tasks/" + civil.taskId() + "/return").then().statusCode(200);
        TaskDispatched arbitrated = dispatches.arbitrated(civil, URBAN);
        dispatches.publish(arbitrated);
        awaitInInbox(arbitrated.taskId().toString());
        as("urban.section").get("/api/tasks/" + arbitrated.taskId()).then().statusCode(200).body("dispatchReason", equalTo("ARBITRATED"));
        as("urban.section").contentType(ContentType.JSON).body(Map.of("reasonCode", "NOT_OUR_AREA", "reason", "不归我科"))
                .post("/api/tasks/" + arbitrated.taskId() + "/return").then().statusCode(409).contentType(PROBLEM_JSON)
                .body("type", org.hamcrest.Matchers.endsWith("arbitrated"));
    }

    @Test
    void oneExtensionRequestWaitsForTheDispatchersDecisionAtATime() throws Exception {
        // 返工: the first task was completed, the raiser reopened the call, dispatch sent a new task to the same unit.
        TaskDispatched first = dispatches.routed(URBAN, Urgency.ROUTINE);
        dispatches.publish(first);
        awaitInInbox(first.taskId().toString());
        as("urban.section").post("/api/tasks/" + first.taskId() + "/sign-for").then().statusCode(200);
        act("complete", first.taskId().toString(), Map.of("result", "已清理")).then().statusCode(200);
        TaskDispatched rework = dispatches.rework(first);
        dispatches.publish(rework);
        String taskId = rework.taskId().toString();
        awaitInInbox(taskId);
        as("urban.section").get("/api/tasks/" + taskId).then().statusCode(200).body("round", equalTo(2))
                .body("dispatchReason", equalTo("REWORK"));
        as("urban.section").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(200);
        Instant asked = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Map<String, Object> request = Map.of("requestedDeadline", asked.toString(), "reason", "需协调产权单位");
        as("urban.section").contentType(ContentType.JSON).body(request).post("/api/tasks/" + taskId + "/extension-requests")
                .then().statusCode(200).body("extensionPending", equalTo(true));
        as("urban.section").contentType(ContentType.JSON).body(request).post("/api/tasks/" + taskId + "/extension-requests")
                .then().statusCode(409).contentType(PROBLEM_JSON).body("type", org.hamcrest.Matchers.endsWith("extension-pending"));

        // Dispatch decides the request it recorded under the id of response's event.
        var requested = responses.awaitDistinct(r -> rework.callId().toString().equals(r.key())
                && EventTypes.TASK_EXTENSION_REQUESTED.equals(read(r.value()).get("type").asText()), 1, Duration.ofSeconds(30));
        assertThat(requested).hasSize(1);
        UUID requestId = UUID.fromString(read(requested.get(0).value()).get("id").asText());
        Instant granted = asked.minus(Duration.ofDays(1));
        dispatches.publish(dispatches.extensionDecided(rework, requestId, asked, granted));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as("urban.section").get("/api/tasks/" + taskId).then().statusCode(200).body("extensionPending", equalTo(false))
                        .body("agreedDeadline", equalTo(granted.toString()))
                        .body("activities.kind", hasItem("EXTENSION_APPROVED")));
        as("urban.section").contentType(ContentType.JSON).body(request).post("/api/tasks/" + taskId + "/extension-requests")
                .then().statusCode(200);
    }

    /** Every task id in the user's inbox, page by page. */
    private static List<String> inboxOf(String user) {
        List<String> ids = new java.util.ArrayList<>();
        for (int page = 0; ; page++) {
            var answer = as(user).queryParam("size", 100).queryParam("page", page).get("/api/tasks").then().statusCode(200).extract();
            List<String> items = answer.path("items.taskId");
            ids.addAll(items);
            if (ids.size() >= answer.<Integer>path("total") || items.isEmpty()) {
                return ids;
            }
        }
    }

    private String dispatch(String unit, Urgency urgency) throws Exception {
        TaskDispatched task = dispatches.routed(unit, urgency);
        dispatches.publish(task);
        awaitInInbox(task.taskId().toString());
        return task.taskId().toString();
    }

    private CloudEvent dispatched(String unit, Urgency urgency) {
        return dispatches.event(dispatches.routed(unit, urgency));
    }

    @Test
    void theInboxShowsEachDeadlineAsTheSlaEngineAnnouncesItEvenWhenItSpeaksBeforeDispatchAndAStoppedClockStaysStopped() throws Exception {
        CloudEvent dispatched = dispatched(URBAN, Urgency.ROUTINE);
        TaskDispatched task = json.treeToValue(dispatched.data(), TaskDispatched.class);
        Instant signForBy = Instant.parse("2026-09-20T09:00:00Z");
        Instant resolveBy = Instant.parse("2026-09-24T09:00:00Z");
        // huying.sla speaks first: the engine read huying.tasks before response did.
        sla(task, EventTypes.SLA_CLOCK_STARTED, new SlaClockStarted(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                ClockKind.SIGN_FOR, URBAN, "SR-01", Urgency.ROUTINE, signForBy, "2026.1", "2026.1", task.dispatchedAt(), "1 WORKING_DAYS",
                List.of(signForBy.minusSeconds(4 * 3600))));
        sla(task, EventTypes.SLA_CLOCK_STARTED, new SlaClockStarted(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                ClockKind.RESOLVE, URBAN, "SR-01", Urgency.ROUTINE, resolveBy, "2026.1", "2026.1", task.dispatchedAt(), "5 WORKING_DAYS",
                List.of()));
        sla(task, EventTypes.SLA_WARNING, new SlaWarning(UUID.randomUUID(), task.callId(), task.number(), task.taskId(), ClockKind.SIGN_FOR,
                URBAN, "SR-01", Urgency.ROUTINE, signForBy, "2026.1", "2026.1", 75, Instant.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                LocalInfra.queryLong("response_test", "select count(*) from task_sla where task_id = ?::uuid and state = 'AT_RISK'",
                        task.taskId().toString()) > 0);
        publish(dispatched);
        awaitInInbox(task.taskId().toString());
        as("urban.section").get("/api/tasks/" + task.taskId()).then().statusCode(200)
                .body("signFor.deadline", equalTo("2026-09-20T09:00:00Z")).body("signFor.state", equalTo("AT_RISK"))
                .body("resolve.deadline", equalTo("2026-09-24T09:00:00Z")).body("resolve.state", equalTo("ON_TRACK"));

        // Signed for in time; a breach announced after the stop (it cannot be, but a replay may) changes nothing.
        sla(task, EventTypes.SLA_CLOCK_STOPPED, new SlaClockStopped(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                ClockKind.SIGN_FOR, URBAN, "SR-01", Urgency.ROUTINE, signForBy, "2026.1", "2026.1", SlaClockStopped.Outcome.MET,
                Instant.now(), EventTypes.TASK_ACKNOWLEDGED));
        sla(task, EventTypes.SLA_BREACHED, new SlaBreached(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                ClockKind.RESOLVE, URBAN, "SR-01", Urgency.ROUTINE, resolveBy, "2026.1", "2026.1", Instant.now()));
        sla(task, EventTypes.SLA_BREACHED, new SlaBreached(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                ClockKind.SIGN_FOR, URBAN, "SR-01", Urgency.ROUTINE, signForBy, "2026.1", "2026.1", Instant.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as("urban.section").get("/api/tasks/" + task.taskId()).then().statusCode(200).body("resolve.state", equalTo("BREACHED")));
        as("urban.section").get("/api/tasks/" + task.taskId()).then().statusCode(200).body("signFor.state", equalTo("MET"));

        // 时限变更 (e.g. an extension): the deadline moves, where the clock stands does not.
        Instant extended = Instant.parse("2026-09-30T09:00:00Z");
        sla(task, EventTypes.SLA_DEADLINE_CHANGED, new SlaDeadlineChanged(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                ClockKind.RESOLVE, URBAN, "SR-01", Urgency.ROUTINE, extended, resolveBy, "2026.1", "2026.1",
                SlaDeadlineChanged.Reason.EXTENDED, List.of(), Instant.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as("urban.section").get("/api/tasks/" + task.taskId()).then().statusCode(200)
                        .body("resolve.deadline", equalTo("2026-09-30T09:00:00Z")).body("resolve.state", equalTo("BREACHED")));
    }

    @Test
    void oneBatchOfSlaEventsAppliesEachClocksEventsInTheOrderReceived() throws Throwable {
        CloudEvent dispatched = dispatched(URBAN, Urgency.ROUTINE);
        TaskDispatched task = json.treeToValue(dispatched.data(), TaskDispatched.class);
        publish(dispatched);
        awaitInInbox(task.taskId().toString());
        Instant signForBy = Instant.parse("2026-09-20T09:00:00Z");
        Instant resolveBy = Instant.parse("2026-09-24T09:00:00Z");
        Instant extended = Instant.parse("2026-09-30T09:00:00Z");
        // Four events of the sign-for clock and three of the resolve clock in one batch, as one poll may return them.
        List<CloudEvent> batch = List.of(
                slaEvent(task, EventTypes.SLA_CLOCK_STARTED, new SlaClockStarted(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                        ClockKind.SIGN_FOR, URBAN, "SR-01", Urgency.ROUTINE, signForBy, "2026.1", "2026.1", task.dispatchedAt(),
                        "1 WORKING_DAYS", List.of())),
                slaEvent(task, EventTypes.SLA_CLOCK_STARTED, new SlaClockStarted(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                        ClockKind.RESOLVE, URBAN, "SR-01", Urgency.ROUTINE, resolveBy, "2026.1", "2026.1", task.dispatchedAt(),
                        "5 WORKING_DAYS", List.of())),
                slaEvent(task, EventTypes.SLA_WARNING, new SlaWarning(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                        ClockKind.SIGN_FOR, URBAN, "SR-01", Urgency.ROUTINE, signForBy, "2026.1", "2026.1", 75, Instant.now())),
                slaEvent(task, EventTypes.SLA_CLOCK_STOPPED, new SlaClockStopped(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                        ClockKind.SIGN_FOR, URBAN, "SR-01", Urgency.ROUTINE, signForBy, "2026.1", "2026.1", SlaClockStopped.Outcome.MET,
                        Instant.now(), EventTypes.TASK_ACKNOWLEDGED)),
                slaEvent(task, EventTypes.SLA_DEADLINE_CHANGED, new SlaDeadlineChanged(UUID.randomUUID(), task.callId(), task.number(),
                        task.taskId(), ClockKind.RESOLVE, URBAN, "SR-01", Urgency.ROUTINE, extended, resolveBy, "2026.1", "2026.1",
                        SlaDeadlineChanged.Reason.EXTENDED, List.of(), Instant.now())),
                slaEvent(task, EventTypes.SLA_BREACHED, new SlaBreached(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                        ClockKind.SIGN_FOR, URBAN, "SR-01", Urgency.ROUTINE, signForBy, "2026.1", "2026.1", Instant.now())),
                slaEvent(task, EventTypes.SLA_BREACHED, new SlaBreached(UUID.randomUUID(), task.callId(), task.number(), task.taskId(),
                        ClockKind.RESOLVE, URBAN, "SR-01", Urgency.ROUTINE, extended, "2026.1", "2026.1", Instant.now())));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> deadlines.applyAll(batch)));

        // Sign-for: started, at risk, met; the breach after the stop changes nothing. Resolve: extended, then breached.
        as("urban.section").get("/api/tasks/" + task.taskId()).then().statusCode(200)
                .body("signFor.deadline", equalTo("2026-09-20T09:00:00Z")).body("signFor.state", equalTo("MET"))
                .body("resolve.deadline", equalTo("2026-09-30T09:00:00Z")).body("resolve.state", equalTo("BREACHED"));
        assertThat(LocalInfra.queryLong("response_test", "select count(*) from task_sla where task_id = ?::uuid",
                task.taskId().toString())).isEqualTo(2);
    }

    @Test
    void aSuspensionShowsInTheInboxUntilItIsLiftedAndBothAreInTheTasksActivities() throws Exception {
        String taskId = dispatch(URBAN, Urgency.ROUTINE);
        var view = as("urban.section").get("/api/tasks/" + taskId).then().statusCode(200).extract();
        UUID callId = UUID.fromString(view.path("callId"));
        String number = view.path("number");
        Actor dispatcher = new Actor(UUID.randomUUID().toString(), "jinsha.dispatcher", "/baiyun/jinsha");
        Instant since = Instant.parse("2026-11-27T07:00:00Z");
        suspension(EventTypes.TASK_SUSPENDED, new TaskSuspension(UUID.fromString(taskId), callId, number, URBAN,
                "/baiyun/jinsha/fengling", "待产权单位确认", null, dispatcher, since));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as("urban.section").get("/api/tasks/" + taskId).then().statusCode(200).body("suspendedAt", equalTo("2026-11-27T07:00:00Z")));
        suspension(EventTypes.TASK_RESUMED, new TaskSuspension(UUID.fromString(taskId), callId, number, URBAN,
                "/baiyun/jinsha/fengling", null, since, dispatcher, since.plusSeconds(3600)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as("urban.section").get("/api/tasks/" + taskId).then().statusCode(200).body("suspendedAt", equalTo(null))
                        .body("activities.kind", equalTo(List.of("SUSPENDED", "RESUMED")))
                        .body("activities[0].text", equalTo("待产权单位确认")));
    }

    private void suspension(String type, TaskSuspension data) {
        CloudEvent event = CloudEvent.of("dispatch", type, data.callId(), data.at(), json.valueToTree(data));
        assertThat(schemas.violations(json.valueToTree(event))).as(type).isEmpty();
        events.publish(Topics.TASKS, event);
    }

    private void sla(TaskDispatched task, String type, Object data) {
        events.publish(Topics.SLA, slaEvent(task, type, data));
    }

    private CloudEvent slaEvent(TaskDispatched task, String type, Object data) {
        CloudEvent event = CloudEvent.of("sla", type, task.callId(), Instant.now(), json.valueToTree(data));
        assertThat(schemas.violations(json.valueToTree(event))).as(type).isEmpty();
        return event;
    }

    private void publish(CloudEvent event) {
        dispatches.publish(event);
    }

    private void awaitInInbox(String taskId) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                LocalInfra.queryLong("response_test", "select count(*) from inbox_task where task_id = ?::uuid", taskId) > 0);
    }

    private String callOf(String taskId) {
        return as("urban.section").get("/api/tasks/" + taskId).then().statusCode(200).extract().path("callId");
    }

    private List<JsonNode> events(String callId, int count) {
        var records = responses.awaitDistinct(r -> callId.equals(r.key()), count, Duration.ofSeconds(30));
        assertThat(records).hasSize(count);
        return records.stream().map(r -> {
            try {
                return json.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static io.restassured.response.Response act(String action, String taskId, Object body) {
        return as("urban.section").contentType(ContentType.JSON).body(body).post("/api/tasks/" + taskId + "/" + action);
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }
}
