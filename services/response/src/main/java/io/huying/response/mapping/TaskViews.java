package io.huying.response.mapping;

import io.huying.platform.db.JsonColumns;
import io.huying.platform.security.Caller;
import io.huying.platform.security.PersonalData;
import io.huying.response.InboxPage;
import io.huying.response.InboxTask;
import io.huying.response.TaskActivity;
import io.huying.response.TaskHistory;
import io.huying.response.rest.TaskPage;
import io.huying.response.rest.TaskView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Task → view, as {@code caller} may see it: the reporter masked unless the caller's unit handles the task or raised the call. */
@ApplicationScoped
public class TaskViews {
    private final JsonColumns json;

    public TaskViews(JsonColumns json) {
        this.json = json;
    }

    /** The task as the inbox lists it: without its activities. */
    public TaskView view(InboxTask task, Caller caller) {
        return view(task, null, caller);
    }

    /** The single-task view: the task with everything done on it. */
    public TaskView view(TaskHistory history, Caller caller) {
        return view(history.task(), history.activities(), caller);
    }

    public TaskPage page(InboxPage page, Caller caller) {
        return new TaskPage(page.tasks().stream().map(t -> view(t, caller)).toList(), page.page(), page.size(), page.total());
    }

    private TaskView view(InboxTask t, List<TaskActivity> list, Caller caller) {
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
     * the name and may reveal the phone number with a reason; everyone else sees both masked.
     */
    private static TaskView.Reporter reporter(InboxTask t, Caller caller) {
        if (t.reporterName == null && t.reporterPhone == null) {
            return null;
        }
        return t.reporterKnownTo(caller)
                ? new TaskView.Reporter(t.reporterName, PersonalData.maskPhone(t.reporterPhone), t.reporterPhone != null, t.reporterPhone != null)
                : new TaskView.Reporter(PersonalData.maskName(t.reporterName), PersonalData.maskPhone(t.reporterPhone), true, false);
    }
}
