package io.huying.dispatch.service;

import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.TaskSuspension;
import io.huying.dispatch.DispatchCase;
import io.huying.dispatch.Task;
import io.huying.dispatch.repository.DispatchCaseRepository;
import io.huying.dispatch.repository.TaskRepository;
import io.huying.platform.error.ProblemException;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * 挂起 / 恢复办理 — a dispatcher of the unit that answers for the call suspends a live task that
 * waits on something outside its unit's control (the SLA engine pauses its resolve clock), and
 * later resumes it. The unit asks by phone or in its progress notes; the dispatcher decides here.
 */
@ApplicationScoped
public class Suspensions {
    private final DispatchCaseRepository cases;
    private final TaskRepository tasks;
    private final CallDispatch dispatch;
    private final Outbox outbox;
    private final Clock clock;

    public Suspensions(DispatchCaseRepository cases, TaskRepository tasks, CallDispatch dispatch, Outbox outbox, Clock clock) {
        this.clock = clock;
        this.cases = cases;
        this.tasks = tasks;
        this.dispatch = dispatch;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Task> suspend(Caller caller, UUID taskId, String reason) {
        return decidable(caller, taskId).chain(found -> {
            Task task = found.task();
            if (task.suspendedAt != null) {
                throw ProblemException.conflict("already-suspended", "task " + taskId + " is suspended since " + task.suspendedAt);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it: the resume names the same instant
            task.suspendedAt = now;
            task.suspensionReason = reason;
            return outbox.append(Topics.TASKS, CallDispatch.SERVICE, EventTypes.TASK_SUSPENDED, task.callId, now,
                    new TaskSuspension(task.id, task.callId, found.call().number, task.unitPath, found.call().raisingUnit, reason, null,
                            caller.actor(), now)).replaceWith(task);
        });
    }

    @WithTransaction
    public Uni<Task> resume(Caller caller, UUID taskId) {
        return decidable(caller, taskId).chain(found -> {
            Task task = found.task();
            if (task.suspendedAt == null) {
                throw ProblemException.conflict("not-suspended", "task " + taskId + " is not suspended");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it: the resume names the same instant
            Instant since = task.suspendedAt;
            task.suspendedAt = null;
            task.suspensionReason = null;
            return outbox.append(Topics.TASKS, CallDispatch.SERVICE, EventTypes.TASK_RESUMED, task.callId, now,
                    new TaskSuspension(task.id, task.callId, found.call().number, task.unitPath, found.call().raisingUnit, null, since,
                            caller.actor(), now)).replaceWith(task);
        });
    }

    private record Found(Task task, DispatchCase call) {
    }

    /** The live task, locked, when the caller dispatches for its call; 404 otherwise, 409 when it has ended. */
    private Uni<Found> decidable(Caller caller, UUID taskId) {
        return tasks.findById(taskId, LockModeType.PESSIMISTIC_WRITE).chain(task -> {
            if (task == null) {
                throw ProblemException.notFound("task " + taskId);
            }
            return cases.findById(task.callId).map(c -> {
                if (c == null || !caller.sees(dispatch.dispatchUnitOf(c))) {
                    throw ProblemException.notFound("task " + taskId);
                }
                if (!task.status.live()) {
                    throw ProblemException.conflict("task-ended", "task of call " + c.number + " is " + task.status);
                }
                return new Found(task, c);
            });
        });
    }
}
