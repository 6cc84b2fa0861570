package io.huying.intake.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.intake.Call;
import io.huying.intake.CallLifecycle;
import io.huying.intake.TimelineEntry;
import io.huying.intake.repository.CallRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/**
 * The raiser's timeline: projects every lifecycle event into a step, and the call's lifecycle
 * status from the latest step that moves it, by event time. Events may arrive in any order across
 * topics (or before their call): each is kept, and the status is recomputed from all steps, under
 * the call's row lock so concurrent projections of one call do not race.
 */
@ApplicationScoped
public class Timeline {
    private final CallRepository calls;

    public Timeline(CallRepository calls) {
        this.calls = calls;
    }

    /** Runs inside the consumer's transaction. */
    public Uni<Void> project(CloudEvent event) {
        UUID callId = UUID.fromString(event.subject());
        TimelineEntry entry = entry(event, callId);
        return calls.findById(callId, LockModeType.PESSIMISTIC_WRITE)
                .call(() -> entry.persist())
                .call(() -> Panache.getSession().chain(s -> s.flush()))
                .chain(call -> call == null ? Uni.createFrom().voidItem() : recompute(call));
    }

    private Uni<Void> recompute(Call call) {
        return TimelineEntry.<TimelineEntry>find("callId = ?1 and lifecycle is not null", Sort.descending("at"), call.id)
                .firstResult()
                .invoke(latest -> {
                    if (latest != null) {
                        call.lifecycle = latest.lifecycle;
                    }
                })
                .replaceWithVoid();
    }

    static TimelineEntry entry(CloudEvent event, UUID callId) {
        JsonNode d = event.data();
        TimelineEntry e = new TimelineEntry();
        e.eventId = event.id();
        e.callId = callId;
        e.at = event.time();
        e.type = event.type();
        boolean lead = !"ASSIST".equals(d.path("role").asText());
        switch (event.type()) {
            case EventTypes.CALL_ACCEPTED -> set(e, "立项", d.path("raisingUnit"), d.at("/raisedBy/username"), null, CallLifecycle.ACCEPTED);
            case EventTypes.CALL_MERGED -> set(e, "合并", d.path("raisingUnit"), d.at("/raisedBy/username"),
                    "并入 " + d.path("mergedIntoNumber").asText(), CallLifecycle.MERGED);
            case EventTypes.CALL_REJECTED -> set(e, "不予立项", d.path("raisingUnit"), d.at("/raisedBy/username"),
                    d.path("reason").asText(null), CallLifecycle.REJECTED);
            case EventTypes.DISPATCH_QUEUED -> set(e, "待人工派遣", d.path("queueUnit"), null, null, CallLifecycle.QUEUED);
            case EventTypes.TASK_DISPATCHED -> set(e, lead ? "派遣（主办）" : "派遣（协办）", d.path("unitPath"),
                    d.at("/dispatchedBy/dispatcher/username"),
                    d.at("/dispatchedBy/ruleId").isTextual() ? "规则 " + d.at("/dispatchedBy/ruleId").asText() : null,
                    lead ? CallLifecycle.DISPATCHED : null);
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
            default -> set(e, event.type(), null, null, null, null);
        }
        return e;
    }

    private static void set(TimelineEntry e, String label, JsonNode unit, JsonNode actor, String note, CallLifecycle lifecycle) {
        e.label = label;
        e.unitPath = unit == null || !unit.isTextual() ? null : unit.asText();
        e.actor = actor == null || !actor.isTextual() ? null : actor.asText();
        e.note = note;
        e.lifecycle = lifecycle;
    }

    private static String note(JsonNode d) {
        String satisfaction = d.path("satisfaction").isTextual() ? d.path("satisfaction").asText() : null;
        String comment = d.path("comment").isTextual() ? d.path("comment").asText() : null;
        if (satisfaction == null) {
            return comment;
        }
        return comment == null ? satisfaction : satisfaction + "：" + comment;
    }
}
