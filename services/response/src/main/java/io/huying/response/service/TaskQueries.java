package io.huying.response.service;

import io.huying.platform.error.ProblemException;
import io.huying.platform.security.Caller;
import io.huying.platform.security.RevealedReporter;
import io.huying.response.InboxPage;
import io.huying.response.TaskHistory;
import io.huying.response.repository.InboxTaskRepository;
import io.huying.response.repository.TaskActivityRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Reading inboxes: a unit's tasks and those of the units below it. */
@ApplicationScoped
public class TaskQueries {
    private final InboxTaskRepository tasks;
    private final TaskActivityRepository activities;

    public TaskQueries(InboxTaskRepository tasks, TaskActivityRepository activities) {
        this.tasks = tasks;
        this.activities = activities;
    }

    @WithSession
    public Uni<InboxPage> inbox(Caller caller, InboxTaskRepository.Filter filter, int page, int size) {
        var query = tasks.inbox(caller.unit(), filter).page(Page.of(page, size));
        return query.list().chain(list -> query.count().map(total -> new InboxPage(list, page, size, total)));
    }

    /** A task of the caller's unit or below with everything done on it; 404 for any other. */
    @WithSession
    public Uni<TaskHistory> task(Caller caller, UUID taskId) {
        return tasks.findById(taskId).chain(task -> {
            if (task == null || !caller.sees(task.unitPath)) {
                throw ProblemException.notFound("task " + taskId);
            }
            return activities.ofTask(taskId).map(list -> new TaskHistory(task, list));
        });
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
            if (!task.reporterKnownTo(caller)) {
                throw ProblemException.forbidden("only the handling unit may reveal the reporter of task " + task.number);
            }
            return new RevealedReporter(task.reporterName, task.reporterPhone, caller.username(), now);
        });
    }
}
