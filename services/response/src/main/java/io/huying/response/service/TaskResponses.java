package io.huying.response.service;

import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.FileRef;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.problem.Problem;
import io.huying.platform.attachment.Attachments;
import io.huying.platform.db.JsonColumns;
import io.huying.platform.error.ProblemException;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.security.Caller;
import io.huying.response.InboxTask;
import io.huying.response.TaskActivity;
import io.huying.response.TaskStatus;
import io.huying.response.UnitMember;
import io.huying.response.config.ResponseConfig;
import io.huying.response.repository.InboxTaskRepository;
import io.huying.response.repository.TaskActivityRepository;
import io.huying.response.repository.UnitMemberRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a responding unit does with a task, each a state transition written with its activity and
 * its event (on huying.responses) in one transaction. Only the unit's own staff act; the units above
 * see the task but may not act on it; everyone else gets 404. An illegal transition is 409.
 */
@ApplicationScoped
public class TaskResponses {
    static final String SERVICE = "response";

    /** 退回 reasons: 属地不符, 权属不清, 职能交叉, 其他. */
    public static final Set<String> RETURN_REASONS = Set.of("NOT_OUR_AREA", "UNCLEAR_OWNERSHIP", "OVERLAPPING_DUTIES", "OTHER");
    /** The attachments' scope of a completion's evidence files; the file is bound to the task's id. */
    public static final String EVIDENCE_SCOPE = "task-completion";
    /** Statuses in which the unit still owes a result: the task may be given to a member (分派到人). */
    private static final Set<TaskStatus> ASSIGNABLE = EnumSet.of(TaskStatus.DISPATCHED, TaskStatus.ACKNOWLEDGED, TaskStatus.IN_PROGRESS);

    private final InboxTaskRepository tasks;
    private final TaskActivityRepository activities;
    private final UnitMemberRepository members;
    private final Attachments attachments;
    private final Outbox outbox;
    private final ResponseConfig config;
    private final JsonColumns json;
    private final Clock clock;

    public TaskResponses(InboxTaskRepository tasks, TaskActivityRepository activities, UnitMemberRepository members, Attachments attachments,
            Outbox outbox, ResponseConfig config, JsonColumns json, Clock clock) {
        this.clock = clock;
        this.tasks = tasks;
        this.activities = activities;
        this.members = members;
        this.attachments = attachments;
        this.outbox = outbox;
        this.config = config;
        this.json = json;
    }

    /** 签收 */
    @WithTransaction
    public Uni<InboxTask> signFor(Caller caller, UUID taskId) {
        return act(caller, taskId, "sign for", EnumSet.of(TaskStatus.DISPATCHED), (task, now) -> {
            task.status = TaskStatus.ACKNOWLEDGED;
            task.acknowledgedAt = now;
            return new Change("ACKNOWLEDGED", null, null, null, null, null, EventTypes.TASK_ACKNOWLEDGED,
                    response(task, caller, now, null, null, null, null, null, null, null));
        });
    }

    /** 进展 / 联系来电人 — a progress note moves a signed-for task into handling; a contact note does not. */
    @WithTransaction
    public Uni<InboxTask> note(Caller caller, UUID taskId, String kind, String note) {
        return act(caller, taskId, "add a note to", TaskStatus.WORKING, (task, now) -> {
            if ("PROGRESS".equals(kind)) {
                task.status = TaskStatus.IN_PROGRESS;
            }
            return new Change(kind, note, null, null, null, null, EventTypes.TASK_PROGRESSED,
                    response(task, caller, now, kind, note, null, null, null, null, null));
        });
    }

    /**
     * 办结 — with what was done and the evidence: URLs, and files the unit uploaded for it, bound to
     * the task in this transaction (an unusable file id fails the whole completion with 422 naming
     * {@code files}). Files are claimed only once the unit may complete the task.
     */
    @WithTransaction
    public Uni<InboxTask> complete(Caller caller, UUID taskId, String result, List<String> evidence, List<UUID> fileIds) {
        return actAsync(caller, taskId, "complete", TaskStatus.WORKING, (task, now) ->
                attachments.claim(caller, fileIds, EVIDENCE_SCOPE, task.taskId).map(files -> {
                    task.status = TaskStatus.COMPLETED;
                    task.completedAt = now;
                    List<FileRef> announced = files.isEmpty() ? null : files;
                    return new Change("COMPLETED", result, null, json.write(evidence), json.write(announced), null,
                            EventTypes.TASK_COMPLETED, response(task, caller, now, null, null, result, evidence, null, null, null)
                                    .withFiles(announced));
                }));
    }

    /**
     * 分派到人 — the unit gives its task to one of its members; {@code username} must be a member of
     * the task's unit as response knows them (422 naming {@code username} otherwise).
     */
    @WithTransaction
    public Uni<InboxTask> assign(Caller caller, UUID taskId, String username) {
        return members.findById(username).chain(member -> act(caller, taskId, "assign", ASSIGNABLE, (task, now) -> {
            if (member == null || !member.unitPath.equals(task.unitPath)) {
                throw ProblemException.unprocessable("not-a-member", "username",
                        username + " is not a known member of " + task.unitPath + " (members appear once they have used Huying)");
            }
            task.assigneeUsername = member.username;
            task.assigneeName = member.name;
            return new Change("ASSIGNED", label(member), null, null, null, null, EventTypes.TASK_ASSIGNED,
                    new TaskResponse(task.taskId, task.callId, task.number, task.unitPath, task.raisingUnit, task.role, caller.actor(), now,
                            null, null, null, null, null, null, null, null, new TaskResponse.Assignee(member.username, member.name)));
        }));
    }

    private static String label(UnitMember member) {
        return member.name + "（" + member.username + "）";
    }

    /** 退回 — only before handling starts and within the return window. */
    @WithTransaction
    public Uni<InboxTask> returnTask(Caller caller, UUID taskId, String reasonCode, String reason) {
        return act(caller, taskId, "return", TaskStatus.RETURNABLE, (task, now) -> {
            if (task.dispatchReason == DispatchReason.ARBITRATED) {
                throw new ProblemException(Problem.of("arbitrated", "Conflict", 409,
                        "task " + task.number + " was assigned by final decision (终审) and cannot be returned"));
            }
            if (now.isAfter(task.dispatchedAt.plus(config.returnWindow()))) {
                throw new ProblemException(Problem.of("return-window-passed", "Conflict", 409,
                        "task " + task.number + " can no longer be returned: the window of " + config.returnWindow().toHours()
                                + " h after dispatch has passed; ask the dispatcher"));
            }
            task.status = TaskStatus.RETURNED;
            task.returnedAt = now;
            return new Change("RETURNED", reason, reasonCode, null, null, null, EventTypes.TASK_RETURNED,
                    response(task, caller, now, null, null, null, null, reasonCode, reason, null));
        });
    }

    /** 延期申请 — the dispatcher decides; the task keeps its status meanwhile. */
    @WithTransaction
    public Uni<InboxTask> requestExtension(Caller caller, UUID taskId, Instant requestedDeadline, String reason) {
        return act(caller, taskId, "ask for an extension of", TaskStatus.WORKING, (task, now) -> {
            if (!requestedDeadline.isAfter(now)) {
                throw ProblemException.invalid("requestedDeadline", "must be in the future");
            }
            if (requestedDeadline.isAfter(now.plus(config.extensionMaxAhead()))) {
                throw ProblemException.invalid("requestedDeadline",
                        "must be at most " + config.extensionMaxAhead().toDays() + " days ahead (" + now.plus(config.extensionMaxAhead()) + ")");
            }
            if (task.extensionPending) {
                throw new ProblemException(Problem.of("extension-pending", "Conflict", 409,
                        "an extension request for task " + task.number + " waits for the dispatcher's decision"));
            }
            task.extensionPending = true;
            return new Change("EXTENSION_REQUESTED", reason, null, null, null, requestedDeadline, EventTypes.TASK_EXTENSION_REQUESTED,
                    response(task, caller, now, null, null, null, null, null, reason, requestedDeadline));
        });
    }

    private record Change(String kind, String text, String reasonCode, String evidence, String files, Instant requestedDeadline,
            String eventType, TaskResponse event) {
    }

    @FunctionalInterface
    private interface Transition {
        Change apply(InboxTask task, Instant now);
    }

    @FunctionalInterface
    private interface AsyncTransition {
        Uni<Change> apply(InboxTask task, Instant now);
    }

    private Uni<InboxTask> act(Caller caller, UUID taskId, String action, Set<TaskStatus> allowed, Transition transition) {
        return actAsync(caller, taskId, action, allowed, (task, now) -> Uni.createFrom().item(() -> transition.apply(task, now)));
    }

    /**
     * Checks that the caller's unit may do {@code action} on the task now (404 unseen, 403 another unit's,
     * 409 illegal transition), then applies the transition and writes its activity and event.
     */
    private Uni<InboxTask> actAsync(Caller caller, UUID taskId, String action, Set<TaskStatus> allowed, AsyncTransition transition) {
        return tasks.findById(taskId, LockModeType.PESSIMISTIC_WRITE).chain(task -> {
            if (task == null || !caller.sees(task.unitPath)) {
                throw ProblemException.notFound("task " + taskId);
            }
            if (!caller.unit().value().equals(task.unitPath)) {
                throw ProblemException.forbidden("only staff of " + task.unitPath + " act on its tasks");
            }
            if (!allowed.contains(task.status)) {
                throw new ProblemException(Problem.of("illegal-transition", "Conflict", 409,
                        "cannot " + action + " task " + task.number + " while it is " + task.status));
            }
            Instant now = clock.instant();
            return transition.apply(task, now).chain(change -> {
                task.updatedAt = now;
                TaskActivity activity = TaskActivity.of(task.taskId, change.kind(), change.text(), change.reasonCode(), change.evidence(),
                        change.requestedDeadline(), caller.username(), now);
                activity.files = change.files();
                return activities.persist(activity)
                        .chain(() -> outbox.append(Topics.RESPONSES, SERVICE, change.eventType(), task.callId, now, change.event()))
                        .replaceWith(task);
            });
        });
    }

    private static TaskResponse response(InboxTask task, Caller caller, Instant now, String kind, String note, String result,
            List<String> evidence, String reasonCode, String reason, Instant requestedDeadline) {
        return new TaskResponse(task.taskId, task.callId, task.number, task.unitPath, task.raisingUnit, task.role, caller.actor(), now, kind, note,
                result, evidence, reasonCode, reason, requestedDeadline);
    }
}
