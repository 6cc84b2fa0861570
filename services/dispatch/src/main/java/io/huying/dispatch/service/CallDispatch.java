package io.huying.dispatch.service;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Ids;
import io.huying.contracts.Topics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.events.CallAccepted;
import io.huying.contracts.events.CallDetails;
import io.huying.contracts.events.DispatchQueued;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.DispatchedBy;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.dispatch.DispatchCase;
import io.huying.dispatch.Task;
import io.huying.dispatch.repository.DispatchCaseRepository;
import io.huying.dispatch.repository.TaskRepository;
import io.huying.dispatch.service.RoutingRules.RaiserLevel;
import io.huying.platform.db.ListParameters;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.reference.Organisation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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
    private final RoutingRuleBook rules;
    private final Organisation organisation;
    private final Outbox outbox;
    private final Clock clock;
    private final ObjectMapper json;

    public CallDispatch(DispatchCaseRepository cases, TaskRepository tasks, RoutingRuleBook rules, Organisation organisation, Outbox outbox, Clock clock,
            ObjectMapper json) {
        this.clock = clock;
        this.json = json;
        this.cases = cases;
        this.tasks = tasks;
        this.rules = rules;
        this.organisation = organisation;
        this.outbox = outbox;
    }

    /**
     * Routes or queues accepted calls, set-based: one look-up for the calls dispatch already knows
     * (left as they are), the new cases and tasks inserted in batches, and all their events appended
     * in one statement. A call that appears twice in the list is taken once.
     */
    public Uni<Void> onAccepted(List<CallAccepted> accepted) {
        Map<UUID, CallAccepted> byCall = new LinkedHashMap<>();
        accepted.forEach(call -> byCall.putIfAbsent(call.callId(), call));
        return knownCases(new ArrayList<>(byCall.keySet())).chain(known -> {
            Instant now = clock.instant();
            List<DispatchCase> newCases = new ArrayList<>();
            List<Task> newTasks = new ArrayList<>();
            List<CloudEvent> events = new ArrayList<>();
            for (CallAccepted call : byCall.values()) {
                if (known.contains(call.callId())) {
                    Log.debugf("call %s is already known to dispatch", call.number());
                    continue;
                }
                DispatchCase c = newCase(call, now);
                newCases.add(c);
                Optional<RoutingRules.Route> route = route(c, Set.of());
                if (route.isPresent()) {
                    DispatchedBy by = DispatchedBy.rule(route.get().ruleId(), rules.current().version());
                    for (Task t : tasks(c, route.get().lead(), route.get().assisting(), by, DispatchReason.ROUTED, 1, null, now)) {
                        newTasks.add(t);
                        events.add(dispatched(c, t, by, now));
                    }
                } else {
                    events.add(queued(c, DispatchQueued.NO_RULE, dispatchUnitOf(c), List.of(), now));
                }
            }
            // Cases before tasks (a task refers to its case); the outbox statement flushes both first.
            Uni<Void> stored = newCases.isEmpty() ? Uni.createFrom().voidItem() : cases.persist(newCases);
            return stored.chain(() -> newTasks.isEmpty() ? Uni.createFrom().voidItem() : tasks.persist(newTasks))
                    .chain(() -> outbox.appendAll(Topics.TASKS, events));
        });
    }

    private Uni<Set<UUID>> knownCases(List<UUID> callIds) {
        return ListParameters.inChunks(callIds, chunk -> cases.list("callId in ?1", chunk))
                .map(found -> found.stream().map(c -> c.callId).collect(Collectors.toSet()));
    }

    private DispatchCase newCase(CallAccepted call, Instant now) {
        DispatchCase c = new DispatchCase();
        c.callId = call.callId();
        c.number = call.number();
        c.raisingUnit = call.raisingUnit();
        c.streetPath = call.streetPath();
        c.categoryCode = call.categoryCode();
        c.urgency = call.urgency();
        c.title = call.title();
        c.acceptedAt = call.acceptedAt();
        c.callDetails = write(CallDetails.of(call));
        c.updatedAt = now;
        c.state = DispatchCase.State.ROUTED;
        return c;
    }

    /** The best route for the call, leaving out {@code excludedLeads} (units that returned it). */
    public Optional<RoutingRules.Route> route(DispatchCase c, Set<String> excludedLeads) {
        return raiserLevel(c.raisingUnit).flatMap(level -> rules.current().route(c.categoryCode, c.raisingUnit, level, excludedLeads));
    }

    /** Creates the tasks of a rule's route. */
    public Uni<List<Task>> createTasks(DispatchCase c, RoutingRules.Route route, DispatchReason reason, int round, UUID replaces,
            Instant now) {
        return createTasks(c, route.lead(), route.assisting(), DispatchedBy.rule(route.ruleId(), rules.current().version()), reason, round,
                replaces, now);
    }

    /**
     * Creates the lead task and the assisting ones, each announced on huying.tasks. The session is
     * flushed first: Hibernate inserts before it updates, and the one-live-lead index must see the
     * previous lead ended (returned, withdrawn, completed) before the new one arrives.
     */
    public Uni<List<Task>> createTasks(DispatchCase c, String lead, List<String> assisting, DispatchedBy by, DispatchReason reason,
            int round, UUID replaces, Instant now) {
        List<Task> created = tasks(c, lead, assisting, by, reason, round, replaces, now);
        List<CloudEvent> events = created.stream().map(t -> dispatched(c, t, by, now)).toList();
        return Panache.getSession().chain(s -> s.flush())
                .chain(() -> created.isEmpty() ? Uni.createFrom().voidItem() : tasks.persist(created))
                .chain(() -> outbox.appendAll(Topics.TASKS, events))
                .replaceWith(created);
    }

    /** The lead task (when there is a lead) and the assisting ones, not yet stored. */
    private static List<Task> tasks(DispatchCase c, String lead, List<String> assisting, DispatchedBy by, DispatchReason reason,
            int round, UUID replaces, Instant now) {
        List<Task> created = new ArrayList<>();
        if (lead != null) {
            created.add(task(c, TaskRole.LEAD, lead, by, reason, round, replaces, now));
        }
        assisting.forEach(unit -> created.add(task(c, TaskRole.ASSIST, unit, by, reason, round, null, now)));
        return created;
    }

    private CloudEvent dispatched(DispatchCase c, Task t, DispatchedBy by, Instant now) {
        return outbox.event(SERVICE, EventTypes.TASK_DISPATCHED, c.callId, now,
                new TaskDispatched(t.id, c.callId, c.number, t.role, t.unitPath, c.raisingUnit, c.streetPath,
                        c.categoryCode, c.urgency, c.title, now, by, t.reason, t.round, t.replacesTaskId, callDetails(c)));
    }

    private String write(CallDetails details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The call as accepted, for the handling unit; null for a case kept before the details were. */
    private CallDetails callDetails(DispatchCase c) {
        if (c.callDetails == null) {
            return null;
        }
        try {
            return json.readValue(c.callDetails, CallDetails.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("call details of case " + c.number + " do not read", e);
        }
    }

    /** Puts the call in the manual queue of {@code queueUnit}'s dispatchers, announced on huying.tasks. */
    public Uni<Void> queue(DispatchCase c, String reason, String queueUnit, List<String> returnedBy, Instant now) {
        return outbox.append(Topics.TASKS, queued(c, reason, queueUnit, returnedBy, now));
    }

    /** Marks the case queued at {@code queueUnit}; the event announcing it, not yet appended. */
    private CloudEvent queued(DispatchCase c, String reason, String queueUnit, List<String> returnedBy, Instant now) {
        c.state = DispatchCase.State.QUEUED;
        c.queueUnit = queueUnit;
        c.queueReason = reason;
        c.updatedAt = now;
        return outbox.event(SERVICE, EventTypes.DISPATCH_QUEUED, c.callId, now,
                new DispatchQueued(c.callId, c.number, c.raisingUnit, c.queueUnit, c.categoryCode, c.urgency, reason, returnedBy, now));
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
        return organisation.current().unit(raisingUnit).map(OrgUnit::level).flatMap(level -> switch (level) {
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
        boolean street = organisation.current().unit(c.raisingUnit).map(u -> u.level() == UnitLevel.STREET).orElse(false);
        return street ? districtOf(c) : c.streetPath;
    }

    /** The district above the call's street: its dispatchers arbitrate (终审). */
    public String districtOf(DispatchCase c) {
        return OrgPath.of(c.streetPath).ancestorAt(1).value();
    }
}
