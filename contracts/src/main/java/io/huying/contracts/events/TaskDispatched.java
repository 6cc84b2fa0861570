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
        DispatchedBy dispatchedBy) {

    /** 主办 (lead) or 协办 (assisting). The call completes when its lead task completes. */
    public enum TaskRole {
        LEAD, ASSIST
    }

    /** A routing rule (with the rules' version) or a dispatcher decided. */
    public record DispatchedBy(String kind, String ruleId, String rulesVersion, Actor dispatcher) {
        public static DispatchedBy rule(String ruleId, String rulesVersion) {
            return new DispatchedBy("RULE", ruleId, rulesVersion, null);
        }

        public static DispatchedBy dispatcher(Actor actor) {
            return new DispatchedBy("DISPATCHER", null, null, actor);
        }
    }
}
