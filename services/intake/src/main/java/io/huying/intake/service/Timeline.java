package io.huying.intake.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.DispatchQueued;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.intake.CallLifecycle;
import io.huying.intake.TimelineEntry;
import io.huying.intake.config.IntakeConfig;
import io.huying.intake.repository.HotlineCallbackRepository;
import io.huying.platform.db.ListParameters;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The raiser's timeline: projects every lifecycle event into a step, and the call's lifecycle
 * status from the latest step that moves it, by event time. Events may arrive in any order across
 * topics (or before their call): each is kept, and the status is recomputed from all steps, under
 * the call's row lock so concurrent projections of one call do not race.
 */
@ApplicationScoped
public class Timeline {
    /** The timeline's name in huying_processed_event: the live consumer and a rebuild share it, so neither applies an event twice. */
    public static final String CONSUMER = "intake-timeline";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;
    private final ObjectMapper json;
    private final HotlineCallbackRepository hotlineCallbacks;

    public Timeline(IntakeConfig config, ObjectMapper json, HotlineCallbackRepository hotlineCallbacks) {
        this.zone = config.zone();
        this.json = json;
        this.hotlineCallbacks = hotlineCallbacks;
    }

    /** One event's step; see {@link #projectAll}. */
    public Uni<Void> project(CloudEvent event) {
        return projectAll(List.of(event));
    }

    /**
     * Runs inside the consumer's transaction, with every event of a batch at once: set-based
     * statements (the lock one per 64 calls). The calls whose status a step moves are locked first
     * (in id order, so concurrent batches cannot deadlock), then the steps are inserted and each
     * such call's status is recomputed from every step committed before it.
     */
    public Uni<Void> projectAll(List<CloudEvent> events) {
        ArrayNode rows = json.createArrayNode();
        // In PostgreSQL's uuid order (that of the lowercase text), so that every batch takes the row locks in one order.
        Set<UUID> moved = new TreeSet<>(Comparator.comparing(UUID::toString));
        List<TimelineEntry> entries = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            UUID callId = UUID.fromString(event.subject());
            TimelineEntry e = entry(event, callId, zone);
            entries.add(e);
            if (e == null) {
                continue;
            }
            rows.addObject().put("event_id", e.eventId.toString()).put("call_id", callId.toString()).put("at", e.at.toString())
                    .put("type", e.type).put("label", e.label).put("unit_path", e.unitPath).put("actor", e.actor).put("note", e.note)
                    .put("lifecycle", e.lifecycle == null ? null : e.lifecycle.name());
            if (e.lifecycle != null) {
                moved.add(callId);
            }
        }
        List<UUID> movedCalls = List.copyOf(moved);
        // The steps a 12345 order posts back (回传), recorded with the timeline's own.
        ArrayNode hotlineSteps = HotlineCallbacks.steps(json, events, entries);
        return Panache.getSession().chain(session -> {
            // Locked, not updated: a no-op update wrote a new version of each call row (and, on a full
            // page, an entry in each of its indexes) only to take the lock.
            Uni<Void> lock = Uni.createFrom().voidItem();
            for (List<UUID> chunk : ListParameters.chunks(movedCalls)) {
                lock = lock.chain(() -> session.createNativeQuery("""
                        select count(*) from (select id from calls where id in (select * from huying_uuids(:ids))
                                              order by id for update) locked""")
                        .setParameter("ids", chunk).getSingleResult().replaceWithVoid());
            }
            return lock
                    .chain(() -> session.createNativeQuery("""
                            insert into call_timeline (event_id, call_id, at, type, label, unit_path, actor, note, lifecycle)
                            select event_id, call_id, at, type, label, unit_path, actor, note, lifecycle
                            from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(event_id uuid, call_id uuid, at timestamptz, type text,
                                 label text, unit_path text, actor text, note text, lifecycle text)
                            on conflict (event_id) do nothing""")
                            .setParameter("rows", rows.toString()).executeUpdate())
                    .chain(() -> recomputeStatus(session, movedCalls))
                    .chain(() -> LeadTasks.project(session, json, events))
                    .chain(() -> hotlineSteps.isEmpty() ? Uni.createFrom().voidItem() : hotlineCallbacks.record(hotlineSteps.toString()))
                    .replaceWithVoid();
        });
    }

    /**
     * Sets each call's status from its latest step that moves it, a statement per 64 calls. The ids
     * are bound as a list, which the planner counts: a JSON array counts as 100 rows, and on tables
     * of some thousand rows such a plan hashes the whole table instead of probing its key.
     */
    private static Uni<Void> recomputeStatus(Mutiny.Session session, List<UUID> calls) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (List<UUID> chunk : ListParameters.chunks(calls)) {
            done = done.chain(() -> session.createNativeQuery("""
                            update calls set lifecycle = latest.lifecycle
                            from (select c.id as call_id, l.lifecycle
                                  from huying_uuids(:ids) as c(id)
                                  cross join lateral (select t.lifecycle from call_timeline t
                                                      where t.call_id = c.id and t.lifecycle is not null
                                                      order by t.at desc limit 1) l) latest
                            where calls.id = latest.call_id and calls.lifecycle is distinct from latest.lifecycle""")
                    .setParameter("ids", chunk).executeUpdate().replaceWithVoid());
        }
        return done;
    }

    /** Why {@code event} cannot become a step (the live consumer dead-letters such an event); empty when it can. */
    static Optional<String> unprojectable(CloudEvent event) {
        if (event.time() == null) {
            return Optional.of("it has no time");
        }
        try {
            UUID.fromString(event.subject());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("its subject " + event.subject() + " is not a call id");
        }
    }

    /** Events that are no step of the raiser's timeline: the SLA engine's clock starts, warnings, stops, deadline changes; a unit's 分派到人. */
    // The calendar warnings and activations, the SLA policy's activations and the routing rules' changes are about
    // no call at all (their subject is the calendar's, the policy's or the rules' fixed id).
    private static final Set<String> NOT_STEPS = Set.of(EventTypes.SLA_CLOCK_STARTED, EventTypes.SLA_WARNING,
            EventTypes.SLA_CLOCK_STOPPED, EventTypes.SLA_DEADLINE_CHANGED, EventTypes.SLA_CALENDAR_PROVISIONAL, EventTypes.SLA_CALENDAR_ACTIVATED,
            EventTypes.SLA_POLICY_ACTIVATED, EventTypes.TASK_ASSIGNED, EventTypes.DISPATCH_ROUTING_RULES_CHANGED);

    /**
     * Whether the timeline uses {@code event}: a step, or what says who leads a call and by when
     * ({@link LeadTasks}); the consumer skips the others without a transaction.
     */
    public static boolean projects(CloudEvent event) {
        return !NOT_STEPS.contains(event.type()) || LeadTasks.concerns(event);
    }

    /** The step an event adds, or null when the event is not a step; deadlines in notes are shown in {@code zone}. */
    static TimelineEntry entry(CloudEvent event, UUID callId, ZoneId zone) {
        if (NOT_STEPS.contains(event.type())) {
            return null;
        }
        JsonNode d = event.data() == null ? NullNode.getInstance() : event.data();
        TimelineEntry e = new TimelineEntry();
        e.eventId = event.id();
        e.callId = callId;
        e.at = event.time();
        e.type = event.type();
        boolean lead = !"ASSIST".equals(d.path("role").asText());
        switch (event.type()) {
            // A street dispatcher's decision (立项审核) is the dispatcher's step; intake's own is the raiser's.
            case EventTypes.CALL_ACCEPTED -> set(e, "UNMERGE".equals(d.at("/review/decision").asText()) ? "撤销合并" : "立项",
                    unit(d), actor(d), reviewNote(d, null), CallLifecycle.ACCEPTED);
            case EventTypes.CALL_AWAITING_REVIEW -> set(e, "待立项审核", d.path("raisingUnit"), d.at("/raisedBy/username"), null,
                    CallLifecycle.PENDING_REVIEW);
            case EventTypes.CALL_MERGED -> set(e, "合并", unit(d), actor(d), reviewNote(d, "并入 " + d.path("mergedIntoNumber").asText()),
                    CallLifecycle.MERGED);
            case EventTypes.CALL_REJECTED -> set(e, "不予立项", unit(d), actor(d), d.path("reason").asText(null), CallLifecycle.REJECTED);
            case EventTypes.DISPATCH_QUEUED -> set(e, queuedLabel(d.path("reason").asText()), d.path("queueUnit"), null, null,
                    CallLifecycle.QUEUED);
            case EventTypes.TASK_DISPATCHED -> set(e, dispatchedLabel(d.path("reason").asText(), lead), d.path("unitPath"),
                    d.at("/dispatchedBy/dispatcher/username"), dispatchedNote(d), lead ? CallLifecycle.DISPATCHED : null);
            // 撤回, 延期审批, 挂起 and 恢复办理 do not move the call: the dispatch that replaces a withdrawn task does.
            case EventTypes.TASK_WITHDRAWN -> set(e, "撤回", d.path("unitPath"), d.at("/withdrawnBy/username"),
                    d.path("reason").asText(null), null);
            case EventTypes.TASK_EXTENSION_DECIDED -> set(e, d.path("approved").asBoolean() ? "延期批准" : "延期不予批准",
                    d.path("unitPath"), d.at("/decidedBy/username"), extensionNote(d, zone), null);
            case EventTypes.TASK_SUSPENDED -> set(e, "挂起", d.path("unitPath"), d.at("/by/username"), d.path("reason").asText(null), null);
            case EventTypes.TASK_RESUMED -> set(e, "恢复办理", d.path("unitPath"), d.at("/by/username"), null, null);
            case EventTypes.TASK_ACKNOWLEDGED -> set(e, "签收", d.path("unitPath"), d.at("/actor/username"), null,
                    lead ? CallLifecycle.ACKNOWLEDGED : null);
            case EventTypes.TASK_PROGRESSED -> set(e, "CONTACTED_CALLER".equals(d.path("kind").asText()) ? "联系来电人" : "处置进展",
                    d.path("unitPath"), d.at("/actor/username"), d.path("note").asText(null),
                    lead && "PROGRESS".equals(d.path("kind").asText()) ? CallLifecycle.IN_PROGRESS : null);
            case EventTypes.TASK_COMPLETED -> set(e, lead ? "办结" : "协办办结", d.path("unitPath"), d.at("/actor/username"),
                    d.path("result").asText(null), lead ? CallLifecycle.COMPLETED : null);
            case EventTypes.TASK_RETURNED -> set(e, "退回", d.path("unitPath"), d.at("/actor/username"),
                    d.path("reason").asText(null), lead ? CallLifecycle.RETURNED : null);
            case EventTypes.TASK_EXTENSION_REQUESTED -> set(e, "申请延期", d.path("unitPath"), d.at("/actor/username"),
                    d.path("reason").asText(null), null);
            case EventTypes.VERIFICATION_OPENED -> set(e, "待核查", d.path("raisingUnit"), null, null, CallLifecycle.VERIFYING);
            case EventTypes.VERIFICATION_CLOSED -> set(e, d.path("autoClosed").asBoolean() ? "自动结案" : "结案", d.path("raisingUnit"),
                    d.at("/closedBy/username"), note(d), CallLifecycle.CLOSED);
            case EventTypes.VERIFICATION_REOPENED -> set(e, "返工", d.path("raisingUnit"), d.at("/reopenedBy/username"), note(d),
                    CallLifecycle.REOPENED);
            // The SLA engine's breaches (超时) and escalations (催办/督办/通报) are steps the raiser sees;
            // its clock starts, warnings, deadline changes and stops are not (NOT_STEPS).
            case EventTypes.SLA_BREACHED -> set(e, clockLabel(d.path("clock").asText()) + "超时", d.path("unitPath"), null,
                    "期限 " + inZone(d.path("deadline").asText(), zone), null);
            case EventTypes.SLA_ESCALATED -> set(e, escalationLabel(d.path("level").asText()), d.path("notifiedUnit"), null,
                    clockLabel(d.path("clock").asText()) + ("URGE".equals(d.path("level").asText()) ? "即将超时" : "超时")
                            + "，承办单位 " + d.path("unitPath").asText()
                            + "，期限 " + inZone(d.path("deadline").asText(), zone), null);
            default -> set(e, event.type(), null, null, null, null);
        }
        return e;
    }

    /** The reviewing dispatcher's unit, or the raising unit when intake decided alone. */
    private static JsonNode unit(JsonNode d) {
        JsonNode reviewer = d.at("/review/reviewer/unitPath");
        return reviewer.isTextual() ? reviewer : d.path("raisingUnit");
    }

    private static JsonNode actor(JsonNode d) {
        JsonNode reviewer = d.at("/review/reviewer/username");
        return reviewer.isTextual() ? reviewer : d.at("/raisedBy/username");
    }

    /** {@code what}, followed by the dispatcher's note when there is one. */
    private static String reviewNote(JsonNode d, String what) {
        String note = d.at("/review/note").isTextual() ? d.at("/review/note").asText() : null;
        if (note == null || note.isBlank()) {
            return what;
        }
        return what == null ? note : what + "；" + note;
    }

    private static String clockLabel(String clock) {
        return switch (clock) {
            case "DISPATCH" -> "派遣";
            case "SIGN_FOR" -> "签收";
            case "RESOLVE" -> "办结";
            case "VERIFY" -> "核查";
            default -> "全流程";
        };
    }

    private static String escalationLabel(String level) {
        return switch (level) {
            case "URGE" -> "催办";
            case "SUPERVISE" -> "督办";
            default -> "通报";
        };
    }

    private static void set(TimelineEntry e, String label, JsonNode unit, JsonNode actor, String note, CallLifecycle lifecycle) {
        e.label = label;
        e.unitPath = unit == null || !unit.isTextual() ? null : unit.asText();
        e.actor = actor == null || !actor.isTextual() ? null : actor.asText();
        e.note = note;
        e.lifecycle = lifecycle;
    }

    /** 派遣 by why the task exists; events from before the reason existed read as ROUTED. Assisting tasks say so. */
    private static String dispatchedLabel(String reason, boolean lead) {
        return switch (dispatchReason(reason)) {
            case ROUTED -> lead ? "派遣（主办）" : "派遣（协办）";
            case REROUTED -> lead ? "重新派遣" : "重新派遣（协办）";
            case REDISPATCHED -> lead ? "改派" : "改派（协办）";
            case REWORK -> lead ? "返工派遣" : "返工派遣（协办）";
            case ARBITRATED -> lead ? "终审派遣" : "终审派遣（协办）";
        };
    }

    private static String dispatchedNote(JsonNode d) {
        if (dispatchReason(d.path("reason").asText()) == DispatchReason.REWORK) {
            return "第" + Math.max(1, d.path("round").asInt(1)) + "轮";
        }
        JsonNode rule = d.at("/dispatchedBy/ruleId");
        return rule.isTextual() ? "规则 " + rule.asText() : null;
    }

    private static DispatchReason dispatchReason(String reason) {
        for (DispatchReason r : DispatchReason.values()) {
            if (r.name().equals(reason)) {
                return r;
            }
        }
        return DispatchReason.ROUTED;
    }

    private static String queuedLabel(String reason) {
        return switch (reason) {
            case DispatchQueued.RETURNED -> "退回待派";
            case DispatchQueued.ARBITRATION -> "待终审";
            default -> "待人工派遣";
        };
    }

    /** Approved: the granted deadline and the dispatcher's comment; refused: the comment. */
    private static String extensionNote(JsonNode d, ZoneId zone) {
        String comment = d.path("comment").isTextual() ? d.path("comment").asText() : null;
        if (!d.path("approved").asBoolean() || !d.path("grantedDeadline").isTextual()) {
            return comment;
        }
        String deadline = "新期限 " + inZone(d.path("grantedDeadline").asText(), zone);
        return comment == null ? deadline : deadline + "；" + comment;
    }

    private static String inZone(String instant, ZoneId zone) {
        try {
            return MINUTE.format(Instant.parse(instant).atZone(zone));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    /** 满意度 as the raiser chose it, in the words of the verification form. */
    private static final Map<String, String> SATISFACTION = Map.of("SATISFIED", "满意", "BASICALLY_SATISFIED", "基本满意", "DISSATISFIED", "不满意");

    private static String note(JsonNode d) {
        String satisfaction = d.path("satisfaction").isTextual()
                ? SATISFACTION.getOrDefault(d.path("satisfaction").asText(), d.path("satisfaction").asText()) : null;
        String comment = d.path("comment").isTextual() ? d.path("comment").asText() : null;
        if (satisfaction == null) {
            return comment;
        }
        return comment == null ? satisfaction : satisfaction + "：" + comment;
    }
}
