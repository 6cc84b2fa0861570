package io.huying.dispatch.service;

import io.huying.contracts.events.DispatchQueued;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.DispatchedBy;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.events.VerificationReopened;
import io.huying.dispatch.DispatchCase;
import io.huying.dispatch.ExtensionRequest;
import io.huying.dispatch.Task;
import io.huying.dispatch.repository.DispatchCaseRepository;
import io.huying.dispatch.repository.TaskRepository;
import io.huying.platform.inbox.UnprocessableEvent;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What dispatch does with the units' responses and the raiser's verdict, inside the consumer's
 * transaction: it follows each task's status, re-routes a returned lead task (退回) to a unit that
 * has not returned it — or queues it, for arbitration (终审) once it bounced too often — records
 * extension requests (延期申请) for the dispatchers, and sends a reopened call back to the unit that
 * handled it (返工). The case row is locked first, so one call's events apply one at a time.
 */
@ApplicationScoped
public class TaskOutcomes {
    private final DispatchCaseRepository cases;
    private final TaskRepository tasks;
    private final CallDispatch dispatch;
    private final int maxReturns;
    private final Clock clock;

    public TaskOutcomes(DispatchCaseRepository cases, TaskRepository tasks, CallDispatch dispatch,
            @ConfigProperty(name = "huying.dispatch.max-returns", defaultValue = "2") int maxReturns, Clock clock) {
        this.clock = clock;
        this.cases = cases;
        this.tasks = tasks;
        this.dispatch = dispatch;
        this.maxReturns = maxReturns;
    }

    /** 签收 */
    public Uni<Void> onAcknowledged(TaskResponse r) {
        return withTask(r, (c, task) -> {
            if (task.status == Task.Status.DISPATCHED) {
                task.status = Task.Status.ACKNOWLEDGED;
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** 办结 */
    public Uni<Void> onCompleted(TaskResponse r) {
        return withTask(r, (c, task) -> {
            task.end(Task.Status.COMPLETED, r.at());
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * 退回 — a returned lead task goes to the next rule's unit that has not returned the call; with no
     * such rule to the dispatchers' queue; past {@code huying.dispatch.max-returns} returns to the
     * district's dispatchers for a final decision. An assisting task's return is recorded only: the
     * lead carries on. A task a dispatcher already moved elsewhere stays as the dispatcher left it.
     */
    public Uni<Void> onReturned(TaskResponse r) {
        return withTask(r, (c, task) -> {
            if (!task.end(Task.Status.RETURNED, r.at())) {
                Log.infof("task %s of %s was returned after it had ended (%s); nothing to re-route", task.id, c.number, task.status);
                return Uni.createFrom().voidItem();
            }
            if (task.role != TaskRole.LEAD) {
                return Uni.createFrom().voidItem();
            }
            c.returns++;
            c.updatedAt = clock.instant();
            return tasks.ofCall(c.callId).chain(all -> {
                Set<String> returnedBy = new LinkedHashSet<>();
                all.stream().filter(t -> t.role == TaskRole.LEAD && t.status == Task.Status.RETURNED)
                        .forEach(t -> returnedBy.add(t.unitPath));
                Instant now = clock.instant();
                if (c.returns > maxReturns) {
                    return dispatch.queue(c, DispatchQueued.ARBITRATION, dispatch.districtOf(c), List.copyOf(returnedBy), now);
                }
                return dispatch.route(c, returnedBy)
                        .map(route -> dispatch.createTasks(c, new RoutingRules.Route(route.ruleId(), route.lead(), CallDispatch.newAssisting(all, route.assisting(), route.lead())),
                                DispatchReason.REROUTED, task.round, task.id, now).replaceWithVoid())
                        .orElseGet(() -> dispatch.queue(c, DispatchQueued.RETURNED, dispatch.dispatchUnitOf(c),
                                List.copyOf(returnedBy), now));
            });
        });
    }

    /** 延期申请 — waits for a dispatcher of the unit that answers for the call. */
    public Uni<Void> onExtensionRequested(UUID eventId, TaskResponse r) {
        return withTask(r, (c, task) -> {
            ExtensionRequest x = new ExtensionRequest();
            x.id = eventId;
            x.taskId = task.id;
            x.callId = c.callId;
            x.unitPath = task.unitPath;
            x.dispatchUnit = dispatch.dispatchUnitOf(c);
            x.requestedDeadline = r.requestedDeadline();
            x.reason = r.reason();
            x.requestedBy = r.actor() == null ? task.unitPath : r.actor().username();
            x.requestedAt = r.at();
            x.state = ExtensionRequest.State.PENDING;
            return x.persist().replaceWithVoid();
        });
    }

    /**
     * 返工 — the raiser did not accept the result: a new lead task for the unit that handled it, in the
     * next round. The handled task counts as completed even if its completion has not reached
     * dispatch yet (the verification could only open after it).
     */
    public Uni<Void> onReopened(VerificationReopened v) {
        return lockedCase(v.callId()).chain(c -> tasks.ofCall(c.callId).chain(all -> {
            Instant now = clock.instant();
            Task handled = all.stream().filter(t -> t.id.equals(v.leadTaskId())).findFirst()
                    .or(() -> all.stream().filter(t -> t.role == TaskRole.LEAD && (t.status == Task.Status.COMPLETED || t.status.live()))
                            .max(Comparator.comparing(t -> t.dispatchedAt)))
                    .orElseThrow(() -> new UnprocessableEvent("call " + c.number + " was reopened but has no lead task that handled it"));
            if (all.stream().anyMatch(t -> t.reason == DispatchReason.REWORK && handled.id.equals(t.replacesTaskId))) {
                return Uni.createFrom().voidItem(); // this verdict was acted on already
            }
            all.stream().filter(t -> t.role == TaskRole.LEAD && t.status.live()).forEach(t -> t.end(Task.Status.COMPLETED, now));
            String unit = v.handlerUnit() != null ? v.handlerUnit() : handled.unitPath;
            int round = Math.max(v.round(), handled.round + 1);
            c.updatedAt = now;
            return dispatch.createTasks(c, unit, List.of(), DispatchedBy.rework(), DispatchReason.REWORK, round, handled.id, now)
                    .replaceWithVoid();
        }));
    }

    @FunctionalInterface
    private interface TaskEffect {
        Uni<Void> apply(DispatchCase c, Task task);
    }

    /** Dispatch made every task it hears about; an unknown one is an error (dead-lettered), never skipped. */
    private Uni<Void> withTask(TaskResponse r, TaskEffect effect) {
        return lockedCase(r.callId()).chain(c -> tasks.findById(r.taskId()).chain(task -> {
            if (task == null || !task.callId.equals(c.callId)) {
                return Uni.createFrom().failure(new UnprocessableEvent("task " + r.taskId() + " of call " + c.number + " is unknown to dispatch"));
            }
            return effect.apply(c, task);
        }));
    }

    private Uni<DispatchCase> lockedCase(UUID callId) {
        return cases.findById(callId, LockModeType.PESSIMISTIC_WRITE).onItem().ifNull()
                .failWith(() -> new UnprocessableEvent("call " + callId + " is unknown to dispatch"));
    }
}
