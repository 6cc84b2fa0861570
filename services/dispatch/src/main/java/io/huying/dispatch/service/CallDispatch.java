package io.huying.dispatch.service;

import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.CallAccepted;
import io.huying.contracts.events.DispatchQueued;
import io.huying.contracts.events.TaskDispatched;
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
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    public CallDispatch(DispatchCaseRepository cases, TaskRepository tasks, RoutingRules rules, OrgTree orgTree, Outbox outbox) {
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
        Instant now = Instant.now();
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
        Optional<RoutingRules.Route> route = raiserLevel(call.raisingUnit())
                .flatMap(level -> rules.route(call.categoryCode(), call.raisingUnit(), level));
        if (route.isPresent()) {
            c.state = DispatchCase.State.ROUTED;
            return cases.persist(c).chain(() -> createTasks(c, route.get().lead(), route.get().assisting(),
                    DispatchedBy.rule(route.get().ruleId(), rules.version()), now)).replaceWithVoid();
        }
        c.state = DispatchCase.State.QUEUED;
        c.queueUnit = queueUnitOf(c);
        return cases.persist(c).chain(() -> outbox.append(Topics.TASKS, SERVICE, EventTypes.DISPATCH_QUEUED, c.callId, now,
                new DispatchQueued(c.callId, c.number, c.raisingUnit, c.queueUnit, c.categoryCode, c.urgency,
                        DispatchQueued.NO_RULE, List.of(), now))).replaceWithVoid();
    }

    /** Creates the lead task and the assisting ones, each announced on huying.tasks. */
    public Uni<List<Task>> createTasks(DispatchCase c, String lead, List<String> assisting, DispatchedBy by, Instant now) {
        List<Task> created = new ArrayList<>();
        created.add(task(c, TaskRole.LEAD, lead, by, now));
        assisting.forEach(unit -> created.add(task(c, TaskRole.ASSIST, unit, by, now)));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Task t : created) {
            chain = chain.chain(() -> tasks.persist(t))
                    .chain(() -> outbox.append(Topics.TASKS, SERVICE, EventTypes.TASK_DISPATCHED, c.callId, now,
                            new TaskDispatched(t.id, c.callId, c.number, t.role, t.unitPath, c.raisingUnit, c.streetPath,
                                    c.categoryCode, c.urgency, c.title, now, by, TaskDispatched.DispatchReason.ROUTED, 1, null)))
                    .replaceWithVoid();
        }
        return chain.replaceWith(created);
    }

    private static Task task(DispatchCase c, TaskRole role, String unit, DispatchedBy by, Instant now) {
        Task t = new Task();
        t.id = UUID.randomUUID();
        t.callId = c.callId;
        t.role = role;
        t.unitPath = unit;
        t.status = Task.Status.DISPATCHED;
        t.dispatchedAt = now;
        t.dispatchedByKind = by.kind();
        t.ruleId = by.ruleId();
        t.dispatcher = by.dispatcher() == null ? null : by.dispatcher().username();
        return t;
    }

    private Optional<RaiserLevel> raiserLevel(String raisingUnit) {
        return orgTree.unit(raisingUnit).map(OrgUnit::level).flatMap(level -> switch (level) {
            case COMMUNITY -> Optional.of(RaiserLevel.COMMUNITY);
            case STREET -> Optional.of(RaiserLevel.STREET);
            default -> Optional.empty();
        });
    }

    /** The street's dispatchers take a community's call; the district's take a street's. */
    private String queueUnitOf(DispatchCase c) {
        boolean street = orgTree.unit(c.raisingUnit).map(u -> u.level() == UnitLevel.STREET).orElse(false);
        return street ? OrgPath.of(c.streetPath).ancestorAt(1).value() : c.streetPath;
    }
}
