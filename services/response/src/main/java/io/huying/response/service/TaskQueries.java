package io.huying.response.service;

import io.huying.platform.db.JsonColumns;
import io.huying.platform.error.ProblemException;
import io.huying.platform.security.Caller;
import io.huying.platform.security.PersonalData;
import io.huying.platform.security.RevealedReporter;
import io.huying.response.InboxTask;
import io.huying.response.TaskActivity;
import io.huying.response.repository.InboxTaskRepository;
import io.huying.response.repository.TaskActivityRepository;
import io.huying.response.rest.TaskView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reading inboxes: a unit's tasks and those of the units below it. */
@ApplicationScoped
public class TaskQueries {
    private final InboxTaskRepository tasks;
    private final TaskActivityRepository activities;
    private final JsonColumns json;

    public TaskQueries(InboxTaskRepository tasks, TaskActivityRepository activities, JsonColumns json) {
        this.tasks = tasks;
        this.activities = activities;
        this.json = json;
    }

    /** One page of the inbox. */
    public record InboxPage(List<TaskView> items, int page, int size, long total) {
    }

    @WithSession
    public Uni<InboxPage> inbox(Caller caller, InboxTaskRepository.Filter filter, int page, int size) {
        var query = tasks.inbox(caller.unit(), filter).page(Page.of(page, size));
        return query.list().chain(list -> query.count()
                .map(total -> new InboxPage(list.stream().map(t -> view(t, null, caller)).toList(), page, size, total)));
    }

    @WithSession
    public Uni<TaskView> task(Caller caller, UUID taskId) {
        return tasks.findById(taskId).chain(task -> {
            if (task == null || !caller.sees(task.unitPath)) {
                throw ProblemException.notFound("task " + taskId);
            }
            return activities.ofTask(taskId).map(list -> view(task, list, caller));
        });
    }

    /** The task as {@code caller} may see it: the reporter masked unless the caller's unit handles the task or raised the call. */
    public TaskView view(InboxTask t, List<TaskActivity> list, Caller caller) {
        return new TaskView(t.taskId, t.callId, t.number, t.role, t.unitPath, t.raisingUnit, t.categoryCode, t.urgency, t.title,
                t.status, t.dispatchReason, t.round, t.dispatchedAt, t.acknowledgedAt, t.completedAt, t.returnedAt, t.withdrawnAt,
                t.extensionPending, t.agreedDeadline, t.suspendedAt, TaskView.Deadline.of(t.signForDeadline, t.signForSla),
                TaskView.Deadline.of(t.resolveDeadline, t.resolveSla),
                TaskView.ActiveDeadline.of(t.deadlineKind, t.deadlineAt, t.deadlineState),
                t.assigneeUsername == null ? null : new TaskView.Assignee(t.assigneeUsername, t.assigneeName),
                call(t, caller),
                list == null ? null : list.stream().map(a -> new TaskView.Activity(a.kind, a.text, a.reasonCode, json.urls(a.evidence),
                        json.files(a.files), a.requestedDeadline, a.actorUsername, a.at)).toList());
    }

    private TaskView.CallView call(InboxTask t, Caller caller) {
        if (t.callDescription == null) {
            return null;
        }
        return new TaskView.CallView(t.callRequestType, t.callDescription, t.callAddress, t.callGridPath, t.callLatitude, t.callLongitude,
                reporter(t, caller), json.urls(t.callAttachments), json.files(t.callFiles));
    }

    /**
     * DESIGN §6: the handler must be able to call the reporter back, and the raiser knows them — they see
     * the name and may reveal the phone number with a reason ({@link #revealReporter}); everyone else sees
     * both masked.
     */
    private static TaskView.Reporter reporter(InboxTask t, Caller caller) {
        if (t.reporterName == null && t.reporterPhone == null) {
            return null;
        }
        return entitled(t, caller)
                ? new TaskView.Reporter(t.reporterName, PersonalData.maskPhone(t.reporterPhone), t.reporterPhone != null, t.reporterPhone != null)
                : new TaskView.Reporter(PersonalData.maskName(t.reporterName), PersonalData.maskPhone(t.reporterPhone), true, false);
    }

    private static boolean entitled(InboxTask t, Caller caller) {
        return caller.orgPaths().stream().anyMatch(p -> p.value().equals(t.unitPath) || p.value().equals(t.raisingUnit));
    }

    /**
     * 查看完整号码 — the reporter in full, for the handling or raising unit only (404 outside the caller's
     * path, 403 within it); the resource records the reason in the audit log.
     */
    @WithSession
    public Uni<RevealedReporter> revealReporter(Caller caller, UUID taskId, Instant now) {
        return tasks.findById(taskId).map(task -> {
            if (task == null || !caller.sees(task.unitPath)) {
                throw ProblemException.notFound("task " + taskId);
            }
            if (!entitled(task, caller)) {
                throw ProblemException.forbidden("only the handling unit may reveal the reporter of task " + task.number);
            }
            return new RevealedReporter(task.reporterName, task.reporterPhone, caller.username(), now);
        });
    }
}
