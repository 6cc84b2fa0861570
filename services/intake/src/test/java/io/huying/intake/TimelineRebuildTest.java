package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.OPS;
import static io.huying.intake.CallRequests.as;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.raise;
import static io.huying.intake.CallRequests.raised;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * 重建时间线: replaying the lifecycle topics brings a damaged timeline back, step for step, while the
 * live consumer keeps running; one rebuild at a time, for admins only.
 *
 * <p>On intake's own broker, empty when the application starts (OwnBroker): a rebuild replays the
 * topics from their beginning, so what it replays is the history these tests make, never an earlier
 * run's or another module's, and no retention has trimmed it.
 */
@QuarkusTest
@TestProfile(OwnBroker.class)
class TimelineRebuildTest {
    private static final String ADMIN = "huying.admin";
    private static final String DATABASE = "intake_test";
    private static final String REBUILD = "/api/admin/timeline/rebuild";

    @Inject
    ObjectMapper json;

    @Test
    void aRebuildBringsBackADamagedTimelineCompleteWithoutDuplicatesAndTheCallsStatusFromIt() throws Exception {
        CallRequests.Raised raisedCall = raised(FENGLING);
        String id = raisedCall.id();
        String number = raisedCall.number();
        UUID callId = raisedCall.callId();
        UUID taskId = UUID.randomUUID();
        Instant t = Instant.now();
        try (LifecycleEvents events = new LifecycleEvents(json, OwnBroker.NODE.bootstrap())) {
            for (CloudEvent step : List.of(
                    events.dispatched(callId, taskId, number, t.plusSeconds(1)),
                    events.response(EventTypes.TASK_ACKNOWLEDGED, callId, taskId, number, t.plusSeconds(2), null),
                    events.response(EventTypes.TASK_COMPLETED, callId, taskId, number, t.plusSeconds(3), "已更换灯泡"),
                    events.opened(callId, taskId, number, t.plusSeconds(4)),
                    events.closed(callId, taskId, number, t.plusSeconds(5)))) {
                events.publish(LifecycleEvents.topicOf(step), step);
            }
        }
        List<String> complete = List.of("立项", "派遣（主办）", "签收", "办结", "待核查", "结案");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> labels(id).equals(complete));

        // Damage: five steps lost, a step that never happened, a wrong status. The processed-event rows
        // still say every event was applied, so the live consumer alone would never repair this.
        try (Connection c = LocalInfra.connect(DATABASE)) {
            assertThat(update(c, "delete from call_timeline where call_id = ?::uuid and label <> '立项'", id)).isEqualTo(5);
            update(c, """
                    insert into call_timeline (event_id, call_id, at, type, label, lifecycle)
                    values (?::uuid, ?::uuid, now() + interval '1 hour', 'huying.call.invented.v1', '伪造', 'REJECTED')""",
                    UUID.randomUUID().toString(), id);
            update(c, "update calls set lifecycle = 'REJECTED' where id = ?::uuid", id);
        }
        as(FENGLING).get("/api/calls/" + id).then().statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("timeline.label", equalTo(List.of("立项", "伪造")));

        JsonPath done = awaitFinished(start());

        assertThat(done.getString("state")).isEqualTo("DONE");
        assertThat(done.getLong("stepsProjected")).as("this call's six events, at least").isGreaterThanOrEqualTo(6);
        assertThat(done.getLong("recordsReplayed"))
                .isEqualTo(done.getLong("stepsProjected") + done.getLong("alreadyProjected") + done.getLong("unreadable"));
        as(FENGLING).get("/api/calls/" + id).then().statusCode(200)
                .body("status", equalTo("CLOSED"))
                .body("timeline.label", equalTo(complete))
                .body("timeline[3].note", equalTo("已更换灯泡"));
        assertThat(LocalInfra.queryLong(DATABASE, "select count(*) from call_timeline where call_id = ?::uuid", id)).isEqualTo(6);
        assertThat(LocalInfra.queryLong(DATABASE, """
                select count(*) from huying_processed_event
                where consumer = 'intake-timeline' and event_id in (select event_id from call_timeline where call_id = ?::uuid)""", id))
                .as("each replayed step is recorded as processed, so the live consumer will not apply it again")
                .isEqualTo(6);
    }

    @Test
    void aSecondRebuildIsRefusedWhileOneRunsAndAnEventArrivingMeanwhileBecomesOneStep() throws Exception {
        CallRequests.Raised raisedCall = raised(FENGLING);
        String id = raisedCall.id();
        String number = raisedCall.number();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> labels(id).equals(List.of("立项")));

        String first;
        try (LifecycleEvents events = new LifecycleEvents(json, OwnBroker.NODE.bootstrap()); Connection lock = LocalInfra.connect(DATABASE)) {
            // Holding this lock keeps the rebuild from deleting the timeline, so it is still running below.
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("lock table call_timeline in share mode");
            }
            first = start();
            as(ADMIN).post(REBUILD).then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/rebuild-running"));
            as(ADMIN).get(REBUILD + "/" + first).then().statusCode(200).body("state", equalTo("RUNNING"));
            // The live consumer and the rebuild now both reach this event; only one of them may apply it.
            CloudEvent dispatched = events.dispatched(UUID.fromString(id), UUID.randomUUID(), number, Instant.now().plusSeconds(1));
            events.publish(LifecycleEvents.topicOf(dispatched), dispatched);
            lock.rollback();
        }

        assertThat(awaitFinished(first).getString("state")).isEqualTo("DONE");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> labels(id).size() >= 2);
        as(FENGLING).get("/api/calls/" + id).then().statusCode(200)
                .body("status", equalTo("DISPATCHED"))
                .body("timeline.label", equalTo(List.of("立项", "派遣（主办）")));
        assertThat(awaitFinished(start()).getString("state")).as("a finished rebuild does not block the next").isEqualTo("DONE");
        assertThat(labels(id)).isEqualTo(List.of("立项", "派遣（主办）"));
    }

    @Test
    void onlyAnAdminMayRebuildARefusedRebuildStartsNothingAndAnUnknownRebuildIsNotFound() throws Exception {
        String id = raise(FENGLING, body()).then().statusCode(201).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> labels(id).equals(List.of("立项")));

        String admins;
        try (Connection lock = LocalInfra.connect(DATABASE)) {
            // A rebuild, once started, waits on this lock before it deletes a step: it is still RUNNING below.
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("lock table call_timeline in share mode");
            }
            given().post(REBUILD).then().statusCode(401);
            as(FENGLING).post(REBUILD).then().statusCode(403).contentType("application/problem+json");
            as(OPS).post(REBUILD).then().statusCode(403).contentType("application/problem+json");
            // Had a refused request started one, the admin's would be refused (409): one rebuild at a time.
            admins = start();
            lock.rollback();
        }
        assertThat(awaitFinished(admins).getString("state")).isEqualTo("DONE");
        assertThat(labels(id)).isEqualTo(List.of("立项"));

        as(ADMIN).get(REBUILD + "/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        as(ADMIN).get(REBUILD + "/not-an-id").then().statusCode(404);
    }

    /** Starts a rebuild as the admin: 202, RUNNING, and where to follow it. */
    private static String start() {
        Response started = as(ADMIN).post(REBUILD);
        started.then().statusCode(202).body("state", equalTo("RUNNING")).body("requestedBy", equalTo(ADMIN));
        String id = started.path("id");
        assertThat(started.header("Location")).endsWith(REBUILD + "/" + id);
        return id;
    }

    private static JsonPath awaitFinished(String rebuild) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                !"RUNNING".equals(as(ADMIN).get(REBUILD + "/" + rebuild).then().statusCode(200).extract().path("state")));
        return as(ADMIN).get(REBUILD + "/" + rebuild).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> labels(String id) {
        return as(FENGLING).get("/api/calls/" + id).then().statusCode(200).extract().jsonPath().getList("timeline.label", String.class);
    }

    private static int update(Connection c, String sql, Object... parameters) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            return ps.executeUpdate();
        }
    }
}
