package io.huying.response;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.RequestType;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.CallDetails;
import io.huying.contracts.events.FileRef;
import io.huying.contracts.events.Location;
import io.huying.contracts.events.Reporter;
import io.huying.contracts.events.ExtensionDecided;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.DispatchedBy;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskWithdrawn;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Publishes on huying.tasks what dispatch publishes (CallDispatch, ManualDispatch, TaskOutcomes,
 * ExtensionDecisions), exactly as its relay does, each event checked against its JSON Schema first:
 * every dispatch is a new task id; a re-dispatch, a rework (返工) or a final decision (终审) names
 * the task it replaces.
 */
final class Dispatches implements AutoCloseable {
    static final String FENGLING = "/baiyun/jinsha/fengling";
    /** The routing rules' version dispatch stamps on a rule's dispatch (routing-rules.json). */
    static final String RULES_VERSION = "2026.2";
    static final Actor JINSHA_DISPATCHER = new Actor("sub-9", "jinsha.dispatcher", "/baiyun/jinsha");
    /** The photo uploaded with the call (intake's upload). */
    static final FileRef PHOTO = new FileRef(UUID.fromString("3f0c2b7e-6a1d-4c8e-9b2a-5d4e3f2a1b0c"), "占道.jpg", "image/jpeg", 48213,
            "/api/calls/attachments/3f0c2b7e-6a1d-4c8e-9b2a-5d4e3f2a1b0c");
    /** The call every dispatched task carries, as dispatch copies it from huying.call.accepted.v1. */
    static final CallDetails CALL = new CallDetails(RequestType.COMPLAINT, "凤岭路12号门前摊贩占用人行道，影响通行",
            new Location("金沙街道凤岭社区凤岭路12号", "/baiyun/jinsha/fengling/grid-01", 23.1852, 113.2671),
            new Reporter("李女士", "13800138000"), List.of("https://files.example.gov.cn/before.jpg"), List.of(PHOTO));

    private final ObjectMapper json;
    private final TestEvents events;
    private final EventSchemas schemas = new EventSchemas();

    Dispatches(ObjectMapper json) {
        this.json = json;
        this.events = new TestEvents(json);
    }

    /** 派遣 by the rule JS-COMMUNITY-SR: the lead task of a new 凤岭 call. */
    TaskDispatched routed(String unit, Urgency urgency) {
        return routed(unit, urgency, FENGLING);
    }

    /** 派遣 of a call {@code raisingUnit} raised. */
    TaskDispatched routed(String unit, Urgency urgency, String raisingUnit) {
        return new TaskDispatched(UUID.randomUUID(), UUID.randomUUID(), "JS-20261127-" + (1000 + ThreadLocalRandom.current().nextInt(9000)),
                TaskRole.LEAD, unit, raisingUnit, "/baiyun/jinsha", "SR-01", urgency, "凤岭路占道经营", Instant.now(),
                DispatchedBy.rule("JS-COMMUNITY-SR", RULES_VERSION), DispatchReason.ROUTED, 1, null, CALL);
    }

    /** A new task of the same call, e.g. an assisting unit (协办) added when the call was re-routed. */
    TaskDispatched assisting(TaskDispatched of, String unit) {
        return next(of, TaskRole.ASSIST, unit, DispatchedBy.rule("JS-COMMUNITY-SR", RULES_VERSION), DispatchReason.REROUTED, of.round(),
                null);
    }

    /** 改派 — the dispatcher's new lead task for {@code unit}, replacing the withdrawn {@code of}. */
    TaskDispatched redispatched(TaskDispatched of, String unit) {
        return next(of, TaskRole.LEAD, unit, DispatchedBy.dispatcher(JINSHA_DISPATCHER), DispatchReason.REDISPATCHED, of.round(), of.taskId());
    }

    /** 返工 — the raiser found {@code handled}'s result unresolved: a new task for the same unit in the next round. */
    TaskDispatched rework(TaskDispatched handled) {
        return next(handled, TaskRole.LEAD, handled.unitPath(), DispatchedBy.rework(), DispatchReason.REWORK, handled.round() + 1,
                handled.taskId());
    }

    /** 终审 — after the call was returned too often, the district's dispatcher assigns it finally, replacing {@code returned}. */
    TaskDispatched arbitrated(TaskDispatched returned, String unit) {
        return next(returned, TaskRole.LEAD, unit, DispatchedBy.dispatcher(new Actor("sub-8", "baiyun.dispatcher", "/baiyun")),
                DispatchReason.ARBITRATED, returned.round(), returned.taskId());
    }

    private static TaskDispatched next(TaskDispatched of, TaskRole role, String unit, DispatchedBy by, DispatchReason reason, int round,
            UUID replaces) {
        return new TaskDispatched(UUID.randomUUID(), of.callId(), of.number(), role, unit, of.raisingUnit(), of.streetPath(),
                of.categoryCode(), of.urgency(), of.title(), Instant.now(), by, reason, round, replaces, of.call());
    }

    CloudEvent event(TaskDispatched task) {
        return CloudEvent.of("dispatch", EventTypes.TASK_DISPATCHED, task.callId(), task.dispatchedAt(), json.valueToTree(task));
    }

    /** 撤回 — the first half of 改派 (ManualDispatch.redispatch); the new task's dispatch follows it. */
    CloudEvent withdrawn(TaskDispatched task, String reason) {
        Instant now = Instant.now();
        return CloudEvent.of("dispatch", EventTypes.TASK_WITHDRAWN, task.callId(), now, json.valueToTree(new TaskWithdrawn(task.taskId(),
                task.callId(), task.number(), task.role(), task.unitPath(), task.raisingUnit(), reason, JINSHA_DISPATCHER, now)));
    }

    /** 延期审批 of the request announced by the huying.task.extension-requested.v1 event {@code requestId}. */
    CloudEvent extensionDecided(TaskDispatched task, UUID requestId, Instant requested, Instant granted) {
        Instant now = Instant.now();
        return CloudEvent.of("dispatch", EventTypes.TASK_EXTENSION_DECIDED, task.callId(), now, json.valueToTree(new ExtensionDecided(
                requestId, task.taskId(), task.callId(), task.number(), task.unitPath(), task.raisingUnit(), granted != null, requested,
                granted, "同意", JINSHA_DISPATCHER, now)));
    }

    void publish(TaskDispatched task) {
        publish(event(task));
    }

    void publish(CloudEvent event) {
        assertThat(schemas.violations(json.valueToTree(event))).as("the fake " + event.type()).isEmpty();
        events.publish(Topics.TASKS, event);
    }

    @Override
    public void close() {
        events.close();
    }
}
