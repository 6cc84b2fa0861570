package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.as;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The raiser's view: the call's status and every step, projected from all lifecycle topics, whatever order they arrive in. */
@QuarkusTest
class CallTimelineTest {
    @Inject
    ObjectMapper json;

    @Test
    void stepsArrivingOutOfOrderAcrossTopicsYieldTheTimelineInOrderAndTheCallClosed() throws Exception {
        Response created = raise(FENGLING, body());
        String id = created.then().statusCode(201).extract().path("id");
        String number = created.path("number");
        UUID callId = UUID.fromString(id);
        UUID taskId = UUID.randomUUID();
        Instant t = Instant.now();

        try (LifecycleEvents events = new LifecycleEvents(json)) {
            List<CloudEvent> steps = List.of(
                    events.closed(callId, taskId, number, t.plusSeconds(5)),
                    events.response(EventTypes.TASK_COMPLETED, callId, taskId, number, t.plusSeconds(3), "已更换灯泡"),
                    events.dispatched(callId, taskId, number, t.plusSeconds(1)),
                    events.opened(callId, taskId, number, t.plusSeconds(4)),
                    events.response(EventTypes.TASK_ACKNOWLEDGED, callId, taskId, number, t.plusSeconds(2), null));
            for (CloudEvent step : steps) {
                events.publish(LifecycleEvents.topicOf(step), step);
            }
            awaitTimeline(id, 6);
            events.publish(LifecycleEvents.topicOf(steps.get(1)), steps.get(1));
        }

        Awaitility.await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofSeconds(2)).until(() -> true);
        as(FENGLING).get("/api/calls/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("CLOSED"))
                .body("timeline.label", org.hamcrest.Matchers.equalTo(List.of("立项", "派遣（主办）", "签收", "办结", "待核查", "结案")))
                .body("timeline[1].unitName", org.hamcrest.Matchers.equalTo("城管科"))
                .body("timeline[3].note", org.hamcrest.Matchers.equalTo("已更换灯泡"))
                .body("timeline[5].note", org.hamcrest.Matchers.equalTo("SATISFIED：已解决"));
        assertThat(LocalInfra.queryLong("intake_test", "select count(*) from call_timeline where call_id = ?::uuid", id)).isEqualTo(6);
        as(FENGLING).queryParam("status", "CLOSED").queryParam("size", 100).get("/api/calls").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(id));
    }

    private static void awaitTimeline(String id, int steps) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                LocalInfra.queryLong("intake_test", "select count(*) from call_timeline where call_id = ?::uuid", id) >= steps);
    }
}
