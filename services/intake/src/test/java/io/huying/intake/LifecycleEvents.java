package io.huying.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.DispatchQueued;
import io.huying.contracts.events.ExtensionDecided;
import io.huying.contracts.events.SlaClockStarted;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.DispatchedBy;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.events.TaskWithdrawn;
import io.huying.contracts.events.VerificationClosed;
import io.huying.contracts.events.VerificationOpened;
import io.huying.testing.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events other services publish about a call, built and sent exactly as their outbox relays do. */
final class LifecycleEvents implements AutoCloseable {
    static final String URBAN = "/baiyun/jinsha/sections/urban";
    static final String FENGLING = "/baiyun/jinsha/fengling";

    static final Actor DISPATCHER = new Actor("sub-d", "jinsha.dispatcher", "/baiyun/jinsha");

    /**
     * A test's marker, no event any service publishes: sent with a call's id as its key after the events
     * under test, it lands behind them on their partition, so once a reader has seen it (or a consumer
     * has applied it: the timeline shows it as a step of its own, labelled with this type), it has seen
     * every record of that call sent before it.
     */
    static final String MARKER = "huying.test.marker.v1";

    private final ObjectMapper json;
    private final TestEvents events;

    LifecycleEvents(ObjectMapper json) {
        this(json, new TestEvents(json));
    }

    /** Publishing to the broker at {@code bootstrap} (a private {@link io.huying.testing.KafkaNode}). */
    LifecycleEvents(ObjectMapper json, String bootstrap) {
        this(json, new TestEvents(json, bootstrap));
    }

    private LifecycleEvents(ObjectMapper json, TestEvents events) {
        this.json = json;
        this.events = events;
    }

    CloudEvent marker(UUID callId, Instant at) {
        return CloudEvent.of("tests", MARKER, callId, at, json.createObjectNode());
    }

    CloudEvent dispatched(UUID callId, UUID taskId, String number, Instant at) {
        return CloudEvent.of("dispatch", EventTypes.TASK_DISPATCHED, callId, at, json.valueToTree(new TaskDispatched(taskId, callId,
                number, TaskRole.LEAD, URBAN, FENGLING, "/baiyun/jinsha", "GS-01", Urgency.ROUTINE, "路灯不亮", at,
                DispatchedBy.rule("JS-COMMUNITY-SR", "2026.1"), DispatchReason.ROUTED, 1, null)));
    }

    /** A dispatcher's dispatch of the lead task, for {@code reason} in handling round {@code round}. */
    CloudEvent dispatched(UUID callId, UUID taskId, String number, Instant at, DispatchReason reason, int round) {
        return CloudEvent.of("dispatch", EventTypes.TASK_DISPATCHED, callId, at, json.valueToTree(new TaskDispatched(taskId, callId,
                number, TaskRole.LEAD, URBAN, FENGLING, "/baiyun/jinsha", "GS-01", Urgency.ROUTINE, "路灯不亮", at,
                DispatchedBy.dispatcher(DISPATCHER), reason, round, null)));
    }

    CloudEvent queued(UUID callId, String number, Instant at, String reason) {
        return CloudEvent.of("dispatch", EventTypes.DISPATCH_QUEUED, callId, at, json.valueToTree(new DispatchQueued(callId, number,
                FENGLING, "/baiyun/jinsha", "GS-01", Urgency.ROUTINE, reason, List.of(), at)));
    }

    CloudEvent withdrawn(UUID callId, UUID taskId, String number, Instant at, String reason) {
        return CloudEvent.of("dispatch", EventTypes.TASK_WITHDRAWN, callId, at, json.valueToTree(new TaskWithdrawn(taskId, callId,
                number, TaskRole.LEAD, URBAN, FENGLING, reason, DISPATCHER, at)));
    }

    /** {@code granted} is the new deadline when approved, null when refused. */
    CloudEvent extensionDecided(UUID callId, UUID taskId, String number, Instant at, Instant granted, String comment) {
        return CloudEvent.of("dispatch", EventTypes.TASK_EXTENSION_DECIDED, callId, at, json.valueToTree(new ExtensionDecided(
                UUID.randomUUID(), taskId, callId, number, URBAN, FENGLING, granted != null, at.plusSeconds(86_400), granted, comment,
                DISPATCHER, at)));
    }

    CloudEvent response(String type, UUID callId, UUID taskId, String number, Instant at, String result) {
        return CloudEvent.of("response", type, callId, at, json.valueToTree(new TaskResponse(taskId, callId, number, URBAN, FENGLING,
                TaskRole.LEAD, new Actor("sub-u", "urban.section", URBAN), at, null, null, result,
                result == null ? null : List.of(), null, null, null)));
    }

    CloudEvent opened(UUID callId, UUID taskId, String number, Instant at) {
        return CloudEvent.of("feedback", EventTypes.VERIFICATION_OPENED, callId, at, json.valueToTree(new VerificationOpened(callId,
                number, FENGLING, taskId, URBAN, 1, "已修复", at, at.plusSeconds(3600))));
    }

    CloudEvent closed(UUID callId, UUID taskId, String number, Instant at) {
        return CloudEvent.of("feedback", EventTypes.VERIFICATION_CLOSED, callId, at, json.valueToTree(new VerificationClosed(callId,
                number, FENGLING, taskId, URBAN, 1, "SATISFIED", "已解决", false,
                new Actor("sub-f", "fengling.office", FENGLING), at)));
    }

    /** The SLA engine's start of a task's resolve clock (办结时限), due at {@code deadline}. */
    CloudEvent resolveClockStarted(UUID callId, UUID taskId, String number, Instant at, Instant deadline) {
        return CloudEvent.of("sla", EventTypes.SLA_CLOCK_STARTED, callId, at, json.valueToTree(new SlaClockStarted(UUID.randomUUID(), callId,
                number, taskId, ClockKind.RESOLVE, URBAN, "GS-01", Urgency.ROUTINE, deadline, "2026.1", "2026.1", at, "5 WORKING_DAYS",
                List.of())));
    }

    void publish(String topic, CloudEvent event) {
        events.publish(topic, event);
    }

    /** Sends a record read from a topic once more, unchanged: what an at-least-once relay may do. */
    void redeliver(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record) {
        events.redeliver(record);
    }

    static String topicOf(CloudEvent event) {
        return switch (event.source()) {
            case "/huying/dispatch" -> Topics.TASKS;
            case "/huying/response" -> Topics.RESPONSES;
            case "/huying/sla" -> Topics.SLA;
            default -> Topics.FEEDBACK;
        };
    }

    @Override
    public void close() {
        events.close();
    }
}
