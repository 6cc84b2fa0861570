package io.huying.response.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.FileRef;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.response.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task as its unit (and the units above) see it; {@code activities} only on the single-task view.
 * {@code deadline} is the active one the inbox is ordered by; {@code call} is the call to handle, its
 * reporter masked except for the handling and the raising unit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(UUID taskId, UUID callId, String number, TaskRole role, String unitPath, String raisingUnit,
        String categoryCode, Urgency urgency, String title, TaskStatus status, DispatchReason dispatchReason, int round,
        Instant dispatchedAt, Instant acknowledgedAt, Instant completedAt, Instant returnedAt, Instant withdrawnAt,
        boolean extensionPending, Instant agreedDeadline, Instant suspendedAt, Deadline signFor, Deadline resolve,
        ActiveDeadline deadline, Assignee assignee, CallView call, List<Activity> activities) {

    /** A time limit of the task (签收时限, 办结时限) and where it stands: ON_TRACK, AT_RISK, BREACHED or MET. */
    public record Deadline(Instant deadline, String state) {
        public static Deadline of(Instant deadline, String state) {
            return deadline == null ? null : new Deadline(deadline, state);
        }
    }

    /** The open deadline that matters now: SIGN_FOR until signed for, then RESOLVE (the agreed one after an extension). */
    public record ActiveDeadline(String kind, Instant at, String state) {
        public static ActiveDeadline of(String kind, Instant at, String state) {
            return kind == null || at == null ? null : new ActiveDeadline(kind, at, state);
        }
    }

    /** 经办人 — the member of the unit the task was assigned to (分派到人). */
    public record Assignee(String username, String name) {
    }

    /** The call to handle (来电/来件): what was asked, where, by whom, with which attachments. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CallView(String requestType, String description, String address, String gridPath, Double latitude, Double longitude,
            Reporter reporter, List<String> attachments, List<FileRef> files) {
    }

    /** The reporter; {@code masked} tells the client the values are not the full personal data. */
    /** The reporter: the phone always masked; {@code revealable} when the caller may reveal it (POST …/reporter/reveal). */
    public record Reporter(String name, String phone, boolean masked, boolean revealable) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Activity(String kind, String text, String reasonCode, List<String> evidence, List<FileRef> files,
            Instant requestedDeadline, String by, Instant at) {
    }
}
