package io.huying.dispatch.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.dispatch.DispatchCase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A call's dispatch: its state, the queue it waits in and why (兜底, after returns, 终审), and its tasks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseView(UUID callId, String number, DispatchCase.State state, String raisingUnit, String queueUnit, String queueReason,
        int returns, String categoryCode, Urgency urgency, String title, Instant acceptedAt, List<TaskView> tasks) {

    /** One task: the unit, its role (主办 / 协办), and who dispatched it (a rule or a dispatcher). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskView(UUID id, TaskRole role, String unitPath, String unitName, String status, DispatchReason reason, int round,
            UUID replacesTaskId, Instant dispatchedAt, Instant endedAt, String ruleId, String dispatcher,
            /** 挂起 — since when and why, while the task is suspended. */
            Instant suspendedAt, String suspensionReason) {
    }
}
