package io.huying.dispatch.service;

import io.huying.contracts.EventTypes;
import io.huying.contracts.Ids;
import io.huying.contracts.Topics;
import io.huying.contracts.events.CallAccepted;
import io.huying.contracts.events.DispatchQueued;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.DispatchedBy;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.dispatch.DispatchCase;
import io.huying.dispatch.Task;
import io.huying.dispatch.repository.DispatchCaseRepository;
import io.huying.dispatch.repository.TaskRepository;
import io.huying.dispatch.service.RoutingRules.RaiserLevel;
import io.huying.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * 派遣 — turns an accepted call into tasks by the routing rules, or queues it for the dispatcher
 * of its area when no rule fits (兜底). Runs inside the consumer's transaction: tasks, case and
 * their events are written together.
 */
@ApplicationScoped
public class CallDispatch {
    static final String SERVICE = "dispatch";

    private final DispatchCaseRepository cases;
    private final TaskRepository tasks;
    private final RoutingRules rules;
    private final OrgTree orgTree;
    private final Outbox outbox;
    private final Clock clock;

    public CallDispatch(DispatchCaseRepository cases, TaskRepository tasks, RoutingRules rules, OrgTree orgTree, Outbox outbox, Clock clock) {
        this.clock = clock;
        this.cases = cases;
        this.tasks = tasks;
        this.rules = rules;
        this.orgTree = orgTree;
        this.outbox = outbox;
    }

    /** Routes or queues an accepted call; a call dispatch already knows is left as it is. */
    public Uni<Void> onAccepted(CallAccepted call) {
        return cases.findById(call.callId()).chain(existing -> {
            if (existing != null) {
                Log.debugf("call %s is already known to dispatch", call.number());
                return Uni.createFrom().voidItem();
            }
            return newCase(call);
        });
    }

    private Uni<Void> newCase(CallAccepted call) {
        Instant now = clock.instant();
        DispatchCase c = new DispatchCase();
        c.callId = call.callId();
        c.number = call.number();
        c.raisingUnit = call.raisingUnit();
        c.streetPath = call.streetPath();
        c.categoryCode = call.categoryCode();
        c.urgency = call.urgency();
        c.title = call.title();
        c.acceptedAt = call.acceptedAt();
        c.updatedAt = now;
        c.state = DispatchCase.State.ROUTED;
        Optional<RoutingRules.Route> route = route(c, Set.of());
        if (route.isPresent()) {
            return cases.persist(c).chain(() -> createTasks(c, route.get(), DispatchReason.ROUTED, 1, null, now)).replaceWithVoid();
        }
        return cases.persist(c).chain(() -> queue(c, DispatchQueued.NO_RULE, dispatchUnitOf(c), List.of(), now));
    }

    /** The best route for the call, leaving out {@code excludedLeads} (units that returned it). */
    public Optional<RoutingRules.Route> route(DispatchCase c, Set<String> excludedLeads) {
        return raiserLevel(c.raisingUnit).flatMap(level -> rules.route(c.categoryCode, c.raisingUnit, level, excludedLeads));
    }

    /** Creates the tasks of a rule's route. */
    public Uni<List<Task>> createTasks(DispatchCase c, RoutingRules.Route route, DispatchReason reason, int round, UUID replaces,
            Instant now) {
        return createTasks(c, route.lead(), route.assisting(), DispatchedBy.rule(route.ruleId(), rules.version()), reason, round,
                replaces, now);
    }

    /**
     * Creates the lead task and the assisting ones, each announced on huying.tasks. The session is
     * flushed first: Hibernate inserts before it updates, and the one-live-lead index must see the
     * previous lead ended (returned, withdrawn, completed) before the new one arrives.
     */
    public Uni<List<Task>> createTasks(DispatchCase c, String lead, List<String> assisting, DispatchedBy by, DispatchReason reason,
            int round, UUID replaces, Instant now) {
        List<Task> created = new ArrayList<>();
        if (lead != null) {
            created.add(task(c, TaskRole.LEAD, lead, by, reason, round, replaces, now));
        }
        assisting.forEach(unit -> created.add(task(c, TaskRole.ASSIST, unit, by, reason, round, null, now)));
        Uni<Void> chain = Panache.getSession().chain(s -> s.flush());
        for (Task t : created) {
            chain = chain.chain(() -> tasks.persist(t))
                    .chain(() -> outbox.append(Topics.TASKS, SERVICE, EventTypes.TASK_DISPATCHED, c.callId, now,
                            new TaskDispatched(t.id, c.callId, c.number, t.role, t.unitPath, c.raisingUnit, c.streetPath,
                                    c.categoryCode, c.urgency, c.title, now, by, t.reason, t.round, t.replacesTaskId)))
                    .replaceWithVoid();
        }
        return chain.replaceWith(created);
    }

    /** Puts the call in the manual queue of {@code queueUnit}'s dispatchers, announced on huying.tasks. */
    public Uni<Void> queue(DispatchCase c, String reason, String queueUnit, List<String> returnedBy, Instant now) {
        c.state = DispatchCase.State.QUEUED;
        c.queueUnit = queueUnit;
        c.queueReason = reason;
        c.updatedAt = now;
        return outbox.append(Topics.TASKS, SERVICE, EventTypes.DISPATCH_QUEUED, c.callId, now,
                new DispatchQueued(c.callId, c.number, c.raisingUnit, c.queueUnit, c.categoryCode, c.urgency, reason, returnedBy, now))
                .replaceWithVoid();
    }

    private static Task task(DispatchCase c, TaskRole role, String unit, DispatchedBy by, DispatchReason reason, int round,
            UUID replaces, Instant now) {
        Task t = new Task();
        t.id = Ids.next();
        t.callId = c.callId;
        t.role = role;
        t.unitPath = unit;
        t.status = Task.Status.DISPATCHED;
        t.dispatchedAt = now;
        t.dispatchedByKind = by.kind();
        t.ruleId = by.ruleId();
        t.dispatcher = by.dispatcher() == null ? null : by.dispatcher().username();
        t.reason = reason;
        t.round = round;
        t.replacesTaskId = replaces;
        return t;
    }

    private Optional<RaiserLevel> raiserLevel(String raisingUnit) {
        return orgTree.unit(raisingUnit).map(OrgUnit::level).flatMap(level -> switch (level) {
            case COMMUNITY -> Optional.of(RaiserLevel.COMMUNITY);
            case STREET -> Optional.of(RaiserLevel.STREET);
            default -> Optional.empty();
        });
    }

    /** Of {@code units}, those that are not {@code lead} and have no live assisting task of the call yet. */
    public static List<String> newAssisting(List<Task> tasksOfCall, List<String> units, String lead) {
        return units.stream()
                .filter(unit -> !unit.equals(lead))
                .filter(unit -> tasksOfCall.stream().noneMatch(t -> t.role == TaskRole.ASSIST && t.status.live() && t.unitPath.equals(unit)))
                .toList();
    }

    /** Whose dispatchers answer for the call: the street's for a community's call, the district's for a street's. */
    public String dispatchUnitOf(DispatchCase c) {
        boolean street = orgTree.unit(c.raisingUnit).map(u -> u.level() == UnitLevel.STREET).orElse(false);
        return street ? districtOf(c) : c.streetPath;
    }

    /** The district above the call's street: its dispatchers arbitrate (终审). */
    public String districtOf(DispatchCase c) {
        return OrgPath.of(c.streetPath).ancestorAt(1).value();
    }
}
