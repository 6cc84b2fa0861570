package io.huying.contracts.events;

import io.huying.contracts.Urgency;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.task.dispatched.v1}: 派遣 — a unit must respond to the call. */
public record TaskDispatched(
        UUID taskId,
        UUID callId,
        String number,
        TaskRole role,
        String unitPath,
        String raisingUnit,
        String streetPath,
        String categoryCode,
        Urgency urgency,
        String title,
        Instant dispatchedAt,
        DispatchedBy dispatchedBy,
        DispatchReason reason,
        int round,
        UUID replacesTaskId,
        /** The call to handle: description, place, reporter, attachments. Null in events written before it existed. */
        CallDetails call) {

    /** A dispatch without the call's details (the shape before {@code call} existed). */
    public TaskDispatched(UUID taskId, UUID callId, String number, TaskRole role, String unitPath, String raisingUnit, String streetPath,
            String categoryCode, Urgency urgency, String title, Instant dispatchedAt, DispatchedBy dispatchedBy, DispatchReason reason,
            int round, UUID replacesTaskId) {
        this(taskId, callId, number, role, unitPath, raisingUnit, streetPath, categoryCode, urgency, title, dispatchedAt, dispatchedBy,
                reason, round, replacesTaskId, null);
    }

    /** Why this task exists; see the schema. Events written before the field existed read as ROUTED, round 1. */
    public enum DispatchReason {
        /** First dispatch of the call, by a rule or a dispatcher. */
        ROUTED,
        /** After the previous lead returned it (退回). */
        REROUTED,
        /** A dispatcher moved it from another unit (改派). */
        REDISPATCHED,
        /** The raiser reopened the call (返工): back to the unit that handled it. */
        REWORK,
        /** Final decision (终审) after repeated returns: cannot be returned again. */
        ARBITRATED
    }

    public DispatchReason reasonOrDefault() {
        return reason == null ? DispatchReason.ROUTED : reason;
    }

    public int roundOrFirst() {
        return round < 1 ? 1 : round;
    }

    /** 主办 (lead) or 协办 (assisting). The call completes when its lead task completes. */
    public enum TaskRole {
        LEAD, ASSIST
    }

    /** A routing rule (with the rules' version), a dispatcher, or the raiser's rework verdict decided. */
    public record DispatchedBy(String kind, String ruleId, String rulesVersion, Actor dispatcher) {
        public static DispatchedBy rule(String ruleId, String rulesVersion) {
            return new DispatchedBy("RULE", ruleId, rulesVersion, null);
        }

        public static DispatchedBy dispatcher(Actor actor) {
            return new DispatchedBy("DISPATCHER", null, null, actor);
        }

        /** 返工: the raiser's verdict sends the call back to the unit that handled it. */
        public static DispatchedBy rework() {
            return new DispatchedBy("REWORK", null, null, null);
        }
    }
}
