package io.huying.response.service;

import io.huying.contracts.events.CallDetails;
import io.huying.contracts.events.ExtensionDecided;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskSuspension;
import io.huying.contracts.events.TaskWithdrawn;
import io.huying.platform.db.ListParameters;
import io.huying.platform.inbox.UnprocessableEvent;
import io.huying.response.InboxTask;
import io.huying.response.TaskActivity;
import io.huying.response.TaskStatus;
import io.huying.platform.db.JsonColumns;
import io.huying.response.repository.InboxTaskRepository;
import io.huying.response.repository.TaskActivityRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Puts dispatched tasks into their unit's inbox and applies dispatch's later word on them (inside the consumer's transaction). */
@ApplicationScoped
public class Inbox {
    private final InboxTaskRepository tasks;
    private final TaskActivityRepository activities;
    private final TaskDeadlines deadlines;
    private final JsonColumns json;
    private final Clock clock;

    public Inbox(InboxTaskRepository tasks, TaskActivityRepository activities, TaskDeadlines deadlines, JsonColumns json, Clock clock) {
        this.json = json;
        this.clock = clock;
        this.tasks = tasks;
        this.activities = activities;
        this.deadlines = deadlines;
    }

    /**
     * Puts dispatched tasks into their units' inboxes, set-based: one look-up for the tasks already
     * there (left as they are), the new rows inserted in batches, and the SLA deadlines already known
     * for them copied on in one statement (the SLA engine may announce a task's deadlines before
     * dispatch's event arrives). A task that appears twice in the list is taken once.
     */
    public Uni<Void> receive(List<TaskDispatched> dispatched) {
        Map<UUID, TaskDispatched> byTask = new LinkedHashMap<>();
        dispatched.forEach(d -> byTask.putIfAbsent(d.taskId(), d));
        return knownTasks(new ArrayList<>(byTask.keySet())).chain(known -> {
            Instant now = clock.instant();
            List<InboxTask> fresh = byTask.values().stream().filter(d -> !known.contains(d.taskId())).map(d -> inboxTask(d, now)).toList();
            if (fresh.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return tasks.persist(fresh).chain(tasks::flush)
                    .chain(() -> deadlines.copyToInbox(fresh.stream().map(t -> t.taskId).toList()));
        });
    }

    private Uni<Set<UUID>> knownTasks(List<UUID> taskIds) {
        return ListParameters.inChunks(taskIds, chunk -> tasks.list("taskId in ?1", chunk))
                .map(found -> found.stream().map(t -> t.taskId).collect(Collectors.toSet()));
    }

    private InboxTask inboxTask(TaskDispatched dispatched, Instant now) {
        InboxTask t = new InboxTask();
        t.taskId = dispatched.taskId();
        t.callId = dispatched.callId();
        t.number = dispatched.number();
        t.role = dispatched.role();
        t.unitPath = dispatched.unitPath();
        t.raisingUnit = dispatched.raisingUnit();
        t.streetPath = dispatched.streetPath();
        t.categoryCode = dispatched.categoryCode();
        t.urgency = dispatched.urgency();
        t.urgencyRank = switch (dispatched.urgency()) {
            case CRITICAL -> 0;
            case URGENT -> 1;
            case ROUTINE -> 2;
        };
        t.title = dispatched.title();
        t.status = TaskStatus.DISPATCHED;
        t.dispatchedAt = dispatched.dispatchedAt();
        t.dispatchReason = dispatched.reasonOrDefault();
        t.round = dispatched.roundOrFirst();
        t.updatedAt = now;
        t.receivedAt = now;
        CallDetails call = dispatched.call();
        if (call != null) {
            t.callRequestType = call.requestType() == null ? null : call.requestType().name();
            t.callDescription = call.description();
            if (call.location() != null) {
                t.callAddress = call.location().address();
                t.callGridPath = call.location().gridPath();
                t.callLatitude = call.location().latitude();
                t.callLongitude = call.location().longitude();
            }
            if (call.reporter() != null) {
                t.reporterName = call.reporter().name();
                t.reporterPhone = call.reporter().phone();
            }
            t.callAttachments = json.write(call.attachments() == null ? List.of() : call.attachments());
            t.callFiles = json.write(call.files() == null ? List.of() : call.files());
        }
        return t;
    }

    /** 撤回 — a dispatcher moved the task elsewhere (改派); a task already finished keeps its status. */
    public Uni<Void> withdraw(TaskWithdrawn withdrawn) {
        return known(withdrawn.taskId()).chain(t -> {
            if (t.status == TaskStatus.COMPLETED || t.status == TaskStatus.RETURNED || t.status == TaskStatus.WITHDRAWN) {
                return Uni.createFrom().voidItem();
            }
            t.status = TaskStatus.WITHDRAWN;
            t.withdrawnAt = withdrawn.withdrawnAt();
            t.extensionPending = false;
            t.updatedAt = clock.instant();
            return record(t, "WITHDRAWN", withdrawn.reason(), null, withdrawn.withdrawnBy().username(), withdrawn.withdrawnAt());
        });
    }

    /** 延期审批 — the dispatcher's decision on the unit's extension request. */
    public Uni<Void> extensionDecided(ExtensionDecided decided) {
        return known(decided.taskId()).chain(t -> {
            t.extensionPending = false;
            if (decided.approved()) {
                t.agreedDeadline = decided.grantedDeadline();
            }
            t.updatedAt = clock.instant();
            return record(t, decided.approved() ? "EXTENSION_APPROVED" : "EXTENSION_REFUSED", decided.comment(),
                    decided.grantedDeadline(), decided.decidedBy().username(), decided.decidedAt());
        });
    }

    /** 挂起 / 恢复办理 — a dispatcher suspended the task (dispatch allows it on live tasks only) or lifted the suspension. */
    public Uni<Void> suspension(TaskSuspension s, boolean suspended) {
        return known(s.taskId()).chain(t -> {
            t.suspendedAt = suspended ? s.at() : null;
            t.updatedAt = clock.instant();
            return record(t, suspended ? "SUSPENDED" : "RESUMED", s.reason(), null, s.by().username(), s.at());
        });
    }

    /** Dispatch announces a task before anything else about it on the same partition: an unknown task is an error. */
    private Uni<InboxTask> known(UUID taskId) {
        return tasks.findById(taskId, LockModeType.PESSIMISTIC_WRITE).onItem().ifNull()
                .failWith(() -> new UnprocessableEvent("task " + taskId + " is not in any inbox"));
    }

    private Uni<Void> record(InboxTask t, String kind, String text, Instant deadline, String by, Instant at) {
        return activities.persist(TaskActivity.of(t.taskId, kind, text, null, null, deadline, by, at)).replaceWithVoid();
    }
}
