package io.huying.dispatch.service;

import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.ExtensionDecided;
import io.huying.dispatch.DispatchCase;
import io.huying.dispatch.ExtensionRequest;
import io.huying.dispatch.Task;
import io.huying.dispatch.repository.DispatchCaseRepository;
import io.huying.dispatch.repository.TaskRepository;
import io.huying.platform.error.ProblemException;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** 延期审批 — a dispatcher of the unit that answers for the call approves or refuses a unit's extension request. */
@ApplicationScoped
public class ExtensionDecisions {
    private final DispatchCaseRepository cases;
    private final TaskRepository tasks;
    private final Outbox outbox;
    private final Clock clock;

    public ExtensionDecisions(DispatchCaseRepository cases, TaskRepository tasks, Outbox outbox, Clock clock) {
        this.clock = clock;
        this.cases = cases;
        this.tasks = tasks;
        this.outbox = outbox;
    }

    /** Pending requests the caller's unit (or a unit below it) decides, oldest first. */
    public Uni<List<ExtensionRequest>> pending(Caller caller, int limit) {
        return ExtensionRequest.<ExtensionRequest>find("state = :state and (dispatchUnit = :unit or dispatchUnit like :below)",
                        Sort.ascending("requestedAt"),
                        Parameters.with("state", ExtensionRequest.State.PENDING).and("unit", caller.unit().value())
                                .and("below", caller.unit().descendantsLikePattern()))
                .page(0, limit).list();
    }

    /**
     * Approves (with the requested deadline, or an earlier one the dispatcher grants) or refuses.
     * A request is decided once; a request of a task that has ended (completed, returned, moved)
     * can no longer be decided.
     */
    @WithTransaction
    public Uni<ExtensionRequest> decide(Caller caller, UUID requestId, boolean approved, Instant grantedDeadline, String comment) {
        return ExtensionRequest.<ExtensionRequest>findById(requestId, LockModeType.PESSIMISTIC_WRITE).chain(x -> {
            if (x == null || !caller.sees(x.dispatchUnit)) {
                throw ProblemException.notFound("extension request " + requestId);
            }
            if (x.state != ExtensionRequest.State.PENDING) {
                throw ProblemException.conflict("already-decided", "extension request " + requestId + " was " + x.state + " already");
            }
            Instant now = clock.instant();
            Instant granted = approved ? (grantedDeadline != null ? grantedDeadline : x.requestedDeadline) : null;
            if (granted != null && !granted.isAfter(now)) {
                throw ProblemException.invalid("grantedDeadline", "must be in the future");
            }
            if (granted != null && granted.isAfter(x.requestedDeadline)) {
                throw ProblemException.invalid("grantedDeadline", "must not be later than the requested deadline " + x.requestedDeadline);
            }
            return cases.findById(x.callId).chain(c -> tasks.findById(x.taskId).chain(task -> {
                if (!task.status.live()) {
                    throw ProblemException.conflict("task-ended", "task of call " + c.number + " is " + task.status + "; the request lapsed");
                }
                x.state = approved ? ExtensionRequest.State.APPROVED : ExtensionRequest.State.REFUSED;
                x.grantedDeadline = granted;
                x.comment = comment;
                x.decidedBy = caller.username();
                x.decidedAt = now;
                return outbox.append(Topics.TASKS, CallDispatch.SERVICE, EventTypes.TASK_EXTENSION_DECIDED, c.callId, now,
                        decided(x, c, task, caller, now)).replaceWith(x);
            }));
        });
    }

    private static ExtensionDecided decided(ExtensionRequest x, DispatchCase c, Task task, Caller caller, Instant now) {
        return new ExtensionDecided(x.id, task.id, c.callId, c.number, task.unitPath, c.raisingUnit, x.state == ExtensionRequest.State.APPROVED,
                x.requestedDeadline, x.grantedDeadline, x.comment, caller.actor(), now);
    }
}
