package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.as;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.raised;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.DispatchQueued;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
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
        CallRequests.Raised raisedCall = raised(FENGLING);
        String id = raisedCall.id();
        String number = raisedCall.number();
        UUID callId = raisedCall.callId();
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
            // 办结 delivered again, then a marker on its topic with its key: the marker lands behind it on
            // the same partition, so once the marker is a step, the consumer has dealt with the redelivery.
            events.publish(LifecycleEvents.topicOf(steps.get(1)), steps.get(1));
            events.publish(LifecycleEvents.topicOf(steps.get(1)), events.marker(callId, t.plusSeconds(6)));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> LocalInfra.queryLong("intake_test",
                    "select count(*) from call_timeline where call_id = ?::uuid and label = ?", id, LifecycleEvents.MARKER) == 1);
        }

        as(FENGLING).get("/api/calls/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("CLOSED"))
                .body("timeline.label", org.hamcrest.Matchers.equalTo(List.of("立项", "派遣（主办）", "签收", "办结", "待核查", "结案",
                        LifecycleEvents.MARKER)))
                .body("timeline[1].unitName", org.hamcrest.Matchers.equalTo("城管科"))
                .body("timeline[3].note", org.hamcrest.Matchers.equalTo("已更换灯泡"))
                .body("timeline[5].note", org.hamcrest.Matchers.equalTo("满意：已解决"));
        assertThat(LocalInfra.queryLong("intake_test", "select count(*) from call_timeline where call_id = ?::uuid", id))
                .as("the redelivered 办结 is no second step").isEqualTo(7);
        as(FENGLING).queryParam("status", "CLOSED").queryParam("size", 100).get("/api/calls").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void returnsReroutingWithdrawalsExtensionDecisionsAndReworkEachGetTheirStepAndOnlyDispatchesAndQueuesMoveTheCall() {
        CallRequests.Raised raisedCall = raised(FENGLING);
        String id = raisedCall.id();
        String number = raisedCall.number();
        UUID callId = raisedCall.callId();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Instant t = Instant.now();

        try (LifecycleEvents events = new LifecycleEvents(json)) {
            List<CloudEvent> steps = List.of(
                    events.queued(callId, number, t.plusSeconds(1), DispatchQueued.NO_RULE),
                    events.dispatched(callId, first, number, t.plusSeconds(2), DispatchReason.ROUTED, 1),
                    events.response(EventTypes.TASK_RETURNED, callId, first, number, t.plusSeconds(3), null),
                    events.queued(callId, number, t.plusSeconds(4), DispatchQueued.RETURNED),
                    events.dispatched(callId, second, number, t.plusSeconds(5), DispatchReason.REROUTED, 1),
                    events.response(EventTypes.TASK_EXTENSION_REQUESTED, callId, second, number, t.plusSeconds(6), null),
                    events.extensionDecided(callId, second, number, t.plusSeconds(7), Instant.parse("2026-12-01T10:00:00Z"), "同意延期"),
                    events.withdrawn(callId, second, number, t.plusSeconds(8), "属地调整"),
                    events.dispatched(callId, second, number, t.plusSeconds(9), DispatchReason.REDISPATCHED, 1),
                    events.queued(callId, number, t.plusSeconds(10), DispatchQueued.ARBITRATION),
                    events.dispatched(callId, second, number, t.plusSeconds(11), DispatchReason.ARBITRATED, 1),
                    events.dispatched(callId, second, number, t.plusSeconds(12), DispatchReason.REWORK, 2),
                    events.extensionDecided(callId, second, number, t.plusSeconds(13), null, "理由不足"),
                    events.withdrawn(callId, second, number, t.plusSeconds(14), "转交终审单位"));
            for (CloudEvent step : steps) {
                events.publish(LifecycleEvents.topicOf(step), step);
            }
            awaitTimeline(id, 15);
        }

        // The last steps (撤回, 延期不予批准) do not move the call: it stays DISPATCHED by the rework dispatch.
        as(FENGLING).get("/api/calls/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("DISPATCHED"))
                .body("timeline.label", org.hamcrest.Matchers.equalTo(List.of("立项", "待人工派遣", "派遣（主办）", "退回", "退回待派",
                        "重新派遣", "申请延期", "延期批准", "撤回", "改派", "待终审", "终审派遣", "返工派遣", "延期不予批准", "撤回")))
                .body("timeline[7].note", org.hamcrest.Matchers.equalTo("新期限 2026-12-01 18:00；同意延期"))
                .body("timeline[7].actor", org.hamcrest.Matchers.equalTo("jinsha.dispatcher"))
                .body("timeline[8].note", org.hamcrest.Matchers.equalTo("属地调整"))
                .body("timeline[8].actor", org.hamcrest.Matchers.equalTo("jinsha.dispatcher"))
                .body("timeline[8].unitName", org.hamcrest.Matchers.equalTo("城管科"))
                .body("timeline[12].note", org.hamcrest.Matchers.equalTo("第2轮"))
                .body("timeline[13].note", org.hamcrest.Matchers.equalTo("理由不足"));
    }

    @Test
    void aCallWaitingForTheFinalDecisionIsQueued() {
        CallRequests.Raised raisedCall = raised(FENGLING);
        String id = raisedCall.id();
        String number = raisedCall.number();
        try (LifecycleEvents events = new LifecycleEvents(json)) {
            CloudEvent queued = events.queued(UUID.fromString(id), number, Instant.now().plusSeconds(1), DispatchQueued.ARBITRATION);
            events.publish(LifecycleEvents.topicOf(queued), queued);
            awaitTimeline(id, 2);
        }
        as(FENGLING).get("/api/calls/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("QUEUED"))
                .body("timeline.label", org.hamcrest.Matchers.equalTo(List.of("立项", "待终审")));
    }

    private static void awaitTimeline(String id, int steps) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                LocalInfra.queryLong("intake_test", "select count(*) from call_timeline where call_id = ?::uuid", id) >= steps);
    }
}
