package io.huying.sla;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Channel;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.RequestType;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.CallAccepted;
import io.huying.contracts.events.CallAwaitingReview;
import io.huying.contracts.events.CallRejected;
import io.huying.contracts.events.Review;
import io.huying.contracts.events.ExtensionDecided;
import io.huying.contracts.events.Location;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.DispatchedBy;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.events.TaskSuspension;
import io.huying.contracts.events.TaskWithdrawn;
import io.huying.contracts.events.VerificationClosed;
import io.huying.contracts.events.VerificationOpened;
import io.huying.contracts.events.VerificationReopened;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.huying.testing.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Stands in for intake, dispatch, response and feedback: publishes their events about one call to the
 * tests' broker as their relays do, and reads what the SLA engine announces on huying.sla.
 */
final class Lifecycle implements AutoCloseable {
    static final String FENGLING = "/baiyun/jinsha/fengling";
    static final String JINSHA = "/baiyun/jinsha";
    static final String URBAN = "/baiyun/jinsha/sections/urban";

    private final ObjectMapper json;
    private final TestEvents events;
    final TopicProbe sla;

    Lifecycle(ObjectMapper json) {
        this.json = json;
        this.events = new TestEvents(json);
        this.sla = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.SLA);
    }

    /** One call: its id, number, category and urgency. */
    record Call(UUID id, String number, String category, Urgency urgency) {
    }

    static Call newCall(String category, Urgency urgency) {
        return new Call(UUID.randomUUID(), "JS-20261128-" + (10000 + ThreadLocalRandom.current().nextInt(90000)), category, urgency);
    }

    CloudEvent accepted(Call call, Instant at) {
        CallAccepted data = new CallAccepted(call.id(), call.number(), FENGLING, JINSHA, new Actor("sub-f", "fengling.office", FENGLING),
                call.category(), "2026.1", call.urgency(), RequestType.COMPLAINT, "凤岭路占道经营", "摊贩占用人行道",
                new Location("凤岭路12号", FENGLING + "/grid-01", null, null), null, List.of(), Channel.GRID_INSPECTION, at, at);
        return event("intake", EventTypes.CALL_ACCEPTED, call, at, data);
    }

    /** 待立项审核: raised at {@code raisedAt}, waiting for the street's review. */
    CloudEvent awaitingReview(Call call, Instant raisedAt) {
        CallAwaitingReview data = new CallAwaitingReview(call.id(), call.number(), FENGLING, JINSHA, new Actor("sub-f", "fengling.office", FENGLING),
                call.category(), call.urgency(), "凤岭路占道经营", new Location("凤岭路12号", FENGLING + "/grid-01", null, null), raisedAt);
        return event("intake", EventTypes.CALL_AWAITING_REVIEW, call, raisedAt, data);
    }

    /** 立项 after the street dispatcher's review, at {@code at}, of a call raised at {@code raisedAt}. */
    CloudEvent acceptedOnReview(Call call, Instant raisedAt, Instant at) {
        CallAccepted data = new CallAccepted(call.id(), call.number(), FENGLING, JINSHA, new Actor("sub-f", "fengling.office", FENGLING),
                call.category(), "2026.1", call.urgency(), RequestType.COMPLAINT, "凤岭路占道经营", "摊贩占用人行道",
                new Location("凤岭路12号", FENGLING + "/grid-01", null, null), null, List.of(), Channel.GRID_INSPECTION, raisedAt, at,
                List.of(), new Review(new Actor("sub-d", "jinsha.dispatcher", JINSHA), Review.ACCEPT, null));
        return event("intake", EventTypes.CALL_ACCEPTED, call, at, data);
    }

    /** 不予立项 on review (信息不全), at {@code at}. */
    CloudEvent rejectedOnReview(Call call, Instant raisedAt, Instant at) {
        CallRejected data = new CallRejected(call.id(), call.number(), FENGLING, JINSHA, new Actor("sub-f", "fengling.office", FENGLING),
                call.category(), call.urgency(), "凤岭路占道经营", CallRejected.INCOMPLETE, "信息不全：缺少具体位置", raisedAt, at,
                new Review(new Actor("sub-d", "jinsha.dispatcher", JINSHA), Review.REJECT, "缺少具体位置"));
        return event("intake", EventTypes.CALL_REJECTED, call, at, data);
    }

    CloudEvent dispatched(Call call, UUID taskId, TaskRole role, String unit, Instant at) {
        return dispatched(call, taskId, role, unit, DispatchReason.ROUTED, 1, at);
    }

    /** 派遣 for a reason (退回后重派, 改派, 返工 …) in a round. */
    CloudEvent dispatched(Call call, UUID taskId, TaskRole role, String unit, DispatchReason reason, int round, Instant at) {
        TaskDispatched data = new TaskDispatched(taskId, call.id(), call.number(), role, unit, FENGLING, JINSHA, call.category(),
                call.urgency(), "凤岭路占道经营", at, DispatchedBy.rule("R-01", "2026.1"), reason, round, null);
        return event("dispatch", EventTypes.TASK_DISPATCHED, call, at, data);
    }

    CloudEvent response(String type, Call call, UUID taskId, String unit, Instant at) {
        TaskResponse data = new TaskResponse(taskId, call.id(), call.number(), unit, FENGLING, TaskRole.LEAD,
                new Actor("sub-u", "urban.section", unit), at, null, null,
                EventTypes.TASK_COMPLETED.equals(type) ? "已处理" : null, EventTypes.TASK_COMPLETED.equals(type) ? List.of() : null,
                EventTypes.TASK_RETURNED.equals(type) ? "NOT_OUR_AREA" : null, EventTypes.TASK_RETURNED.equals(type) ? "不属本科室" : null, null);
        return event("response", type, call, at, data);
    }

    CloudEvent withdrawn(Call call, UUID taskId, String unit, Instant at) {
        TaskWithdrawn data = new TaskWithdrawn(taskId, call.id(), call.number(), TaskRole.LEAD, unit, FENGLING, "改派",
                new Actor("sub-d", "jinsha.dispatcher", JINSHA), at);
        return event("dispatch", EventTypes.TASK_WITHDRAWN, call, at, data);
    }

    CloudEvent extensionApproved(Call call, UUID taskId, String unit, Instant granted, Instant at) {
        ExtensionDecided data = new ExtensionDecided(UUID.randomUUID(), taskId, call.id(), call.number(), unit, FENGLING, true, granted,
                granted, "同意", new Actor("sub-d", "jinsha.dispatcher", JINSHA), at);
        return event("dispatch", EventTypes.TASK_EXTENSION_DECIDED, call, at, data);
    }

    /** 挂起 at {@code at}: the task's resolve clock pauses. */
    CloudEvent suspended(Call call, UUID taskId, String unit, Instant at) {
        TaskSuspension data = new TaskSuspension(taskId, call.id(), call.number(), unit, FENGLING, "待产权单位确认", null,
                new Actor("sub-d", "jinsha.dispatcher", JINSHA), at);
        return event("dispatch", EventTypes.TASK_SUSPENDED, call, at, data);
    }

    /** 恢复办理 at {@code at} of a task suspended at {@code suspendedAt}. */
    CloudEvent resumed(Call call, UUID taskId, String unit, Instant suspendedAt, Instant at) {
        TaskSuspension data = new TaskSuspension(taskId, call.id(), call.number(), unit, FENGLING, null, suspendedAt,
                new Actor("sub-d", "jinsha.dispatcher", JINSHA), at);
        return event("dispatch", EventTypes.TASK_RESUMED, call, at, data);
    }

    CloudEvent verificationOpened(Call call, UUID leadTaskId, int round, Instant at) {
        return verificationOpened(call, leadTaskId, URBAN, round, at);
    }

    CloudEvent verificationOpened(Call call, UUID leadTaskId, String handlerUnit, int round, Instant at) {
        VerificationOpened data = new VerificationOpened(call.id(), call.number(), FENGLING, leadTaskId, handlerUnit, round, "已处理", at,
                at.plus(Duration.ofDays(3)));
        return event("feedback", EventTypes.VERIFICATION_OPENED, call, at, data);
    }

    CloudEvent verificationClosed(Call call, UUID leadTaskId, int round, Instant at) {
        return verificationClosed(call, leadTaskId, URBAN, round, "SATISFIED", at);
    }

    /** 结案 by the raiser: resolved, rated {@code satisfaction} (SATISFIED, BASICALLY_SATISFIED, DISSATISFIED). */
    CloudEvent verificationClosed(Call call, UUID leadTaskId, String handlerUnit, int round, String satisfaction, Instant at) {
        VerificationClosed data = new VerificationClosed(call.id(), call.number(), FENGLING, leadTaskId, handlerUnit, round, satisfaction,
                "已解决", false, new Actor("sub-f", "fengling.office", FENGLING), at);
        return event("feedback", EventTypes.VERIFICATION_CLOSED, call, at, data);
    }

    /** 自动结案: no answer in time, no rating. */
    CloudEvent verificationAutoClosed(Call call, UUID leadTaskId, String handlerUnit, int round, Instant at) {
        VerificationClosed data = new VerificationClosed(call.id(), call.number(), FENGLING, leadTaskId, handlerUnit, round, null, null, true,
                null, at);
        return event("feedback", EventTypes.VERIFICATION_CLOSED, call, at, data);
    }

    /** 返工: not resolved, rated {@code satisfaction}. */
    CloudEvent verificationReopened(Call call, UUID leadTaskId, String handlerUnit, int round, String satisfaction, Instant at) {
        VerificationReopened data = new VerificationReopened(call.id(), call.number(), FENGLING, leadTaskId, handlerUnit, round, satisfaction,
                "仍有摊贩占道", new Actor("sub-f", "fengling.office", FENGLING), at);
        return event("feedback", EventTypes.VERIFICATION_REOPENED, call, at, data);
    }

    /** The same event under a new id: what a producer that repeats itself would send. */
    static CloudEvent copy(CloudEvent event) {
        return new CloudEvent(event.specversion(), UUID.randomUUID(), event.source(), event.type(), event.time(), event.subject(),
                event.datacontenttype(), event.data(), event.traceparent());
    }

    void publish(CloudEvent event) {
        events.publish(topicOf(event.type()), event);
    }

    /** What the SLA engine announced about {@code call} and matches {@code filter}, once {@code count} such events arrived. */
    List<JsonNode> sla(Call call, Predicate<JsonNode> filter, int count) {
        return read(sla.await(r -> call.id().toString().equals(r.key()) && filter.test(read(r.value())), count, Duration.ofSeconds(30)));
    }

    /**
     * Everything announced about {@code call} that matches {@code filter} (each event once, by id), up to
     * the first that matches {@code marker}: the effect of an event published after the ones under test,
     * for the same call (the same key, so the same partition), so nothing announced before it is missed.
     */
    List<JsonNode> slaUntil(Call call, Predicate<JsonNode> filter, Predicate<JsonNode> marker) {
        return read(sla.distinctUntil(r -> call.id().toString().equals(r.key()) && filter.test(read(r.value())),
                r -> call.id().toString().equals(r.key()) && marker.test(read(r.value())), Duration.ofSeconds(30)));
    }

    static Predicate<JsonNode> of(String type, String clock) {
        return e -> type.equals(e.path("type").asText()) && (clock == null || clock.equals(e.at("/data/clock").asText()));
    }

    private List<JsonNode> read(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> read(r.value())).toList();
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private CloudEvent event(String service, String type, Call call, Instant at, Object data) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID(), "/huying/" + service, type, at, call.id().toString(),
                CloudEvent.DATA_CONTENT_TYPE, json.valueToTree(data), null);
    }

    private static String topicOf(String type) {
        if (type.startsWith("huying.call.")) {
            return Topics.CALLS;
        }
        if (type.startsWith("huying.verification.")) {
            return Topics.FEEDBACK;
        }
        return switch (type) {
            case EventTypes.TASK_ACKNOWLEDGED, EventTypes.TASK_COMPLETED, EventTypes.TASK_RETURNED, EventTypes.TASK_PROGRESSED,
                    EventTypes.TASK_EXTENSION_REQUESTED -> Topics.RESPONSES;
            default -> Topics.TASKS;
        };
    }

    @Override
    public void close() {
        events.close();
        sla.close();
    }
}
