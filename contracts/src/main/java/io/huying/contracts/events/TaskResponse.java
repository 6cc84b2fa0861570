package io.huying.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of the huying.task.*.v1 events that services/response publishes on huying.responses: which
 * task, who acted and when, plus the fields of the particular fact (null where they do not apply).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskResponse(
        UUID taskId,
        UUID callId,
        String number,
        String unitPath,
        /** The unit that raised the call: it verifies the result (核查). */
        String raisingUnit,
        TaskRole role,
        Actor actor,
        Instant at,
        /** progressed: PROGRESS or CONTACTED_CALLER. */
        String kind,
        /** progressed: the note. */
        String note,
        /** completed: what was done (办结情况). */
        String result,
        /** completed: evidence URLs. */
        List<String> evidence,
        /** returned: NOT_OUR_AREA (属地不符), UNCLEAR_OWNERSHIP (权属不清), OVERLAPPING_DUTIES (职能交叉), OTHER. */
        String reasonCode,
        /** returned, extension-requested: why. */
        String reason,
        /** extension-requested: the deadline asked for. */
        Instant requestedDeadline,
        /** completed: the evidence files uploaded to response (附件), besides the evidence URLs. */
        List<FileRef> files,
        /** assigned: the member of the unit who now handles the task (分派到人). */
        Assignee assignee) {

    /** A response without files or assignee (the shape before they existed). */
    public TaskResponse(UUID taskId, UUID callId, String number, String unitPath, String raisingUnit, TaskRole role, Actor actor, Instant at,
            String kind, String note, String result, List<String> evidence, String reasonCode, String reason, Instant requestedDeadline) {
        this(taskId, callId, number, unitPath, raisingUnit, role, actor, at, kind, note, result, evidence, reasonCode, reason,
                requestedDeadline, null, null);
    }

    /** The same response with evidence files (completed). */
    public TaskResponse withFiles(List<FileRef> evidenceFiles) {
        return new TaskResponse(taskId, callId, number, unitPath, raisingUnit, role, actor, at, kind, note, result, evidence, reasonCode,
                reason, requestedDeadline, evidenceFiles, assignee);
    }

    /** 经办人 — a member of the handling unit: username and display name. */
    public record Assignee(String username, String name) {
    }
}
