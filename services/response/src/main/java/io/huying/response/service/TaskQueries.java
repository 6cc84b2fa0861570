package io.huying.response.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.platform.error.ProblemException;
import io.huying.platform.security.Caller;
import io.huying.response.InboxTask;
import io.huying.response.TaskActivity;
import io.huying.response.repository.InboxTaskRepository;
import io.huying.response.repository.TaskActivityRepository;
import io.huying.response.rest.TaskView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Reading inboxes: a unit's tasks and those of the units below it. */
@ApplicationScoped
public class TaskQueries {
    private static final TypeReference<List<String>> URLS = new TypeReference<>() {
    };

    private final InboxTaskRepository tasks;
    private final TaskActivityRepository activities;
    private final ObjectMapper json;

    public TaskQueries(InboxTaskRepository tasks, TaskActivityRepository activities, ObjectMapper json) {
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
                .map(total -> new InboxPage(list.stream().map(t -> view(t, null)).toList(), page, size, total)));
    }

    @WithSession
    public Uni<TaskView> task(Caller caller, UUID taskId) {
        return tasks.findById(taskId).chain(task -> {
            if (task == null || !caller.sees(task.unitPath)) {
                throw ProblemException.notFound("task " + taskId);
            }
            return activities.ofTask(taskId).map(list -> view(task, list));
        });
    }

    public TaskView view(InboxTask t, List<TaskActivity> list) {
        return new TaskView(t.taskId, t.callId, t.number, t.role, t.unitPath, t.raisingUnit, t.categoryCode, t.urgency, t.title,
                t.status, t.dispatchReason, t.round, t.dispatchedAt, t.acknowledgedAt, t.completedAt, t.returnedAt, t.withdrawnAt,
                t.extensionPending, t.agreedDeadline, t.suspendedAt, TaskView.Deadline.of(t.signForDeadline, t.signForSla),
                TaskView.Deadline.of(t.resolveDeadline, t.resolveSla),
                list == null ? null : list.stream().map(a -> new TaskView.Activity(a.kind, a.text, a.reasonCode,
                        a.evidence == null ? null : urls(a.evidence), a.requestedDeadline, a.actorUsername, a.at)).toList());
    }

    private List<String> urls(String evidence) {
        try {
            return json.readValue(evidence, URLS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("evidence is not a JSON array", e);
        }
    }
}
