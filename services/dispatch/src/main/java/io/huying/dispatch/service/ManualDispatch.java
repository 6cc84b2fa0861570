package io.huying.dispatch.service;

import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.DispatchQueued;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.DispatchedBy;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskWithdrawn;
import io.huying.contracts.problem.Violation;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.dispatch.DispatchCase;
import io.huying.dispatch.Task;
import io.huying.dispatch.repository.DispatchCaseRepository;
import io.huying.dispatch.repository.TaskRepository;
import io.huying.platform.error.ProblemException;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.reference.Organisation;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The dispatcher's hand: 人工派遣 from the manual queue (兜底, after a return, 终审) and 改派 of a live task. */
@ApplicationScoped
public class ManualDispatch {
    private final DispatchCaseRepository cases;
    private final TaskRepository tasks;
    private final CallDispatch dispatch;
    private final Outbox outbox;
    private final Organisation organisation;
    private final Clock clock;

    public ManualDispatch(DispatchCaseRepository cases, TaskRepository tasks, CallDispatch dispatch, Outbox outbox, Organisation organisation, Clock clock) {
        this.clock = clock;
        this.cases = cases;
        this.tasks = tasks;
        this.dispatch = dispatch;
        this.outbox = outbox;
        this.organisation = organisation;
    }

    /**
     * 人工派遣 of a queued call. After a return the new task continues the round (REROUTED); a call
     * queued for arbitration gets a final task (ARBITRATED) that cannot be returned again.
     */
    @WithTransaction
    public Uni<List<Task>> dispatch(Caller caller, UUID callId, String lead, List<String> assisting) {
        return cases.findById(callId, LockModeType.PESSIMISTIC_WRITE).chain(c -> {
            if (c == null || !caller.sees(c.queueUnit != null ? c.queueUnit : dispatch.dispatchUnitOf(c))) {
                throw ProblemException.notFound("queued call " + callId);
            }
            if (c.state != DispatchCase.State.QUEUED) {
                throw ProblemException.conflict("already-dispatched", "call " + c.number + " has been dispatched already");
            }
            // 采办分离 first: naming the raiser as handler is refused as such, not as "not a department or section".
            checkNotRaiser(c, lead, assisting);
            checkUnits(caller, lead, assisting);
            DispatchReason reason = switch (c.queueReason == null ? DispatchQueued.NO_RULE : c.queueReason) {
                case DispatchQueued.ARBITRATION -> DispatchReason.ARBITRATED;
                case DispatchQueued.RETURNED -> DispatchReason.REROUTED;
                default -> DispatchReason.ROUTED;
            };
            return tasks.ofCall(c.callId).chain(all -> {
                Optional<Task> previous = all.stream().filter(t -> t.role == TaskRole.LEAD).max(Comparator.comparing(t -> t.dispatchedAt));
                Instant now = clock.instant();
                c.state = DispatchCase.State.ROUTED;
                c.queueUnit = null;
                c.queueReason = null;
                c.updatedAt = now;
                List<String> newAssisting = CallDispatch.newAssisting(all, assisting, lead);
                return dispatch.createTasks(c, lead, newAssisting, DispatchedBy.dispatcher(caller.actor()), reason,
                        previous.map(t -> t.round).orElse(1), previous.map(t -> t.id).orElse(null), now);
            });
        });
    }

    /**
     * 改派 — a dispatcher of the unit that answers for the call moves its live lead task to another
     * unit: the old task is withdrawn (撤回) and the new one continues the round. A call the district
     * decided finally (终审: a lead task ARBITRATED) is the district's: a street dispatcher's 改派 is
     * refused (403), and the district's own keeps the decision final (the new task is ARBITRATED too).
     */
    @WithTransaction
    public Uni<List<Task>> redispatch(Caller caller, UUID callId, String lead, List<String> assisting, String reason) {
        return cases.findById(callId, LockModeType.PESSIMISTIC_WRITE).chain(c -> {
            if (c == null || !caller.sees(dispatch.dispatchUnitOf(c))) {
                throw ProblemException.notFound("call " + callId);
            }
            if (c.state == DispatchCase.State.QUEUED) {
                throw ProblemException.conflict("queued", "call " + c.number + " waits in the manual queue; dispatch it from there");
            }
            // 采办分离 first: naming the raiser as handler is refused as such, not as "not a department or section".
            checkNotRaiser(c, lead, assisting);
            checkUnits(caller, lead, assisting);
            return tasks.ofCall(c.callId).chain(all -> {
                Task live = all.stream().filter(t -> t.role == TaskRole.LEAD && t.status.live()).findFirst()
                        .orElseThrow(() -> ProblemException.conflict("no-live-task",
                                "call " + c.number + " has no lead task being handled; a completed call goes back only by the raiser's verdict (返工)"));
                boolean arbitrated = all.stream().anyMatch(t -> t.role == TaskRole.LEAD && t.reason == DispatchReason.ARBITRATED);
                if (arbitrated && !caller.sees(dispatch.districtOf(c))) {
                    throw ProblemException.forbidden("call " + c.number + " was decided finally by the district (终审); only a dispatcher of "
                            + dispatch.districtOf(c) + " may move it");
                }
                if (live.unitPath.equals(lead)) {
                    throw ProblemException.unprocessable("same-unit", "leadUnit", lead + " already handles call " + c.number);
                }
                Instant now = clock.instant();
                live.end(Task.Status.WITHDRAWN, now);
                c.updatedAt = now;
                List<String> newAssisting = CallDispatch.newAssisting(all, assisting, lead);
                return outbox.append(Topics.TASKS, CallDispatch.SERVICE, EventTypes.TASK_WITHDRAWN, c.callId, now,
                                new TaskWithdrawn(live.id, c.callId, c.number, live.role, live.unitPath, c.raisingUnit, reason, caller.actor(), now))
                        .chain(() -> dispatch.createTasks(c, lead, newAssisting, DispatchedBy.dispatcher(caller.actor()),
                                arbitrated ? DispatchReason.ARBITRATED : DispatchReason.REDISPATCHED, live.round, live.id, now));
            });
        });
    }

    private static void checkNotRaiser(DispatchCase c, String lead, List<String> assisting) {
        if (lead.equals(c.raisingUnit) || assisting.contains(c.raisingUnit)) {
            throw ProblemException.unprocessable("raiser-cannot-handle", lead.equals(c.raisingUnit) ? "leadUnit" : "assistingUnits",
                    "采办分离: the unit that raised the call cannot handle it");
        }
    }

    /**
     * Handlers are departments (委办局) or sections (科室) of the org tree, each named once, that the
     * dispatcher may assign ({@link #assignableUnits}).
     */
    private void checkUnits(Caller caller, String lead, List<String> assisting) {
        List<Violation> violations = new ArrayList<>();
        unitViolation(caller, lead).ifPresent(message -> violations.add(new Violation("leadUnit", message)));
        Set<String> seen = new HashSet<>();
        seen.add(lead);
        for (int i = 0; i < assisting.size(); i++) {
            String unit = assisting.get(i);
            Optional<String> problem = unitViolation(caller, unit);
            if (problem.isPresent()) {
                violations.add(new Violation("assistingUnits[" + i + "]", problem.get()));
            } else if (!seen.add(unit)) {
                violations.add(new Violation("assistingUnits[" + i + "]", "names a unit already given"));
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }

    private Optional<String> unitViolation(Caller caller, String path) {
        Optional<OrgUnit> unit = path == null ? Optional.empty() : organisation.current().unit(path);
        if (unit.isEmpty() || !handles(unit.get())) {
            return Optional.of("must be a department or section of the org tree");
        }
        if (!assignable(caller, unit.get())) {
            return Optional.of("is not yours to assign: a department of your district or a section within your area");
        }
        return Optional.empty();
    }


    /**
     * 可派单位 — the units a dispatcher may name as lead or assisting unit (人工派遣, 改派), in the org
     * tree's order: the departments (委办局) of the dispatcher's district (镇街呼叫，部门响应) and the
     * sections (科室) within the dispatcher's own area — a street's 综治中心 its own street's sections, the
     * district's every street's. The same rule that {@link #dispatch} and {@link #redispatch} enforce.
     */
    public List<OrgUnit> assignableUnits(Caller caller) {
        return organisation.current().units().stream().filter(unit -> assignable(caller, unit)).toList();
    }

    private static boolean assignable(Caller caller, OrgUnit unit) {
        return switch (unit.level()) {
            case DEPARTMENT -> caller.orgPaths().stream().anyMatch(p -> p.ancestorAt(1).covers(unit.path()));
            case SECTION -> caller.sees(unit.path());
            default -> false;
        };
    }

    private static boolean handles(OrgUnit unit) {
        return unit.level() == UnitLevel.DEPARTMENT || unit.level() == UnitLevel.SECTION;
    }
}
