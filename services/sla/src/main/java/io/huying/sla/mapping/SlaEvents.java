package io.huying.sla.mapping;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.calendar.CalendarYear;
import io.huying.contracts.events.SlaBreached;
import io.huying.contracts.events.SlaCalendarActivated;
import io.huying.contracts.events.SlaCalendarProvisional;
import io.huying.contracts.events.SlaClockStarted;
import io.huying.contracts.events.SlaClockStopped;
import io.huying.contracts.events.SlaDeadlineChanged;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.SlaEscalated;
import io.huying.contracts.events.SlaPolicyActivated;
import io.huying.contracts.events.SlaWarning;
import io.huying.platform.outbox.Outbox;
import io.huying.sla.SlaClock;
import io.huying.sla.SlaTimer;
import io.huying.sla.domain.SlaPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts the SLA engine announces on {@code huying.sla}, keyed by call id, written to the outbox
 * inside the transaction that changes the clock. A clock's start, stop or deadline change is built
 * when it happens and written with the others of its transaction ({@link #announce}).
 */
@ApplicationScoped
public class SlaEvents {
    public static final String SERVICE = "sla";

    private final Outbox outbox;
    private final Clock clock;

    public SlaEvents(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** 时限开始 */
    public CloudEvent started(SlaClock c) {
        return event(EventTypes.SLA_CLOCK_STARTED, c, new SlaClockStarted(c.id, c.callId, c.number, c.taskId, c.kind, c.unitPath,
                c.categoryCode, c.urgency, c.deadline, c.policyVersion, c.calendarVersion, c.startedAt, c.duration().toString(),
                c.warningTimes()));
    }

    /** 时限变更 — the deadline of a clock that has not stopped moved from {@code before}. */
    public CloudEvent deadlineChanged(SlaClock c, Instant before, SlaDeadlineChanged.Reason reason) {
        return event(EventTypes.SLA_DEADLINE_CHANGED, c, new SlaDeadlineChanged(c.id, c.callId, c.number, c.taskId, c.kind, c.unitPath,
                c.categoryCode, c.urgency, c.deadline, before, c.policyVersion, c.calendarVersion, reason, c.warningTimes(),
                clock.instant()));
    }

    /** 时限结束, met or breached. */
    public CloudEvent stopped(SlaClock c) {
        return event(EventTypes.SLA_CLOCK_STOPPED, c, new SlaClockStopped(c.id, c.callId, c.number, c.taskId, c.kind, c.unitPath,
                c.categoryCode, c.urgency, c.deadline, c.policyVersion, c.calendarVersion, c.outcome, c.stoppedAt, c.stopReason));
    }

    /** 临时工作日历预警 — about the working calendar, not a call: keyed by {@link SlaCalendarProvisional#SUBJECT}. */
    public CloudEvent calendarProvisional(SlaCalendarProvisional data) {
        return outbox.event(SERVICE, EventTypes.SLA_CALENDAR_PROVISIONAL, SlaCalendarProvisional.SUBJECT, clock.instant(), data);
    }

    /** 工作日历生效 — a year's calendar an administrator loaded; keyed like the warnings, by {@link SlaCalendarProvisional#SUBJECT}. */
    public CloudEvent calendarActivated(CalendarYear calendar) {
        Instant now = clock.instant();
        return outbox.event(SERVICE, EventTypes.SLA_CALENDAR_ACTIVATED, SlaCalendarProvisional.SUBJECT, now,
                new SlaCalendarActivated(calendar, now));
    }

    /** 时限标准生效: the whole policy, keyed by the policy's fixed id. */
    public CloudEvent policyActivated(SlaPolicy policy, Actor changedBy) {
        Instant now = clock.instant();
        return outbox.event(SERVICE, EventTypes.SLA_POLICY_ACTIVATED, SlaPolicyActivated.SUBJECT, now, new SlaPolicyActivated(policy.version(),
                policy.description(), policy.defaultWarnings(), policy.returnWindow().toString(), policy.rules().stream()
                        .map(r -> new SlaPolicyActivated.Rule(r.category(), r.urgency().name(), r.clock().name(), r.duration().toString(),
                                r.warnings())).toList(), changedBy, now));
    }

    /** The events fired timers announce (预警, 超时, or a step of the escalation ladder), in order, in one outbox statement. */
    public Uni<Void> fired(List<Fired> fired) {
        Instant now = clock.instant();
        List<CloudEvent> announced = new ArrayList<>(fired.size());
        for (Fired f : fired) {
            // In the trace of the work that started the clock, though the poller fires it later.
            announced.add(outbox.event(SERVICE, type(f.timer()), f.clock().callId, now, firedData(f.clock(), f.timer(), now))
                    .withTraceparent(f.clock().traceparent));
        }
        return announce(announced);
    }

    /** Writes {@code events} to the outbox in one statement, in order. */
    public Uni<Void> announce(List<CloudEvent> events) {
        return outbox.appendAll(Topics.SLA, events);
    }

    /** A timer that fired and its clock. */
    public record Fired(SlaTimer timer, SlaClock clock) {
    }

    private static String type(SlaTimer t) {
        return switch (t.kind) {
            case WARNING -> EventTypes.SLA_WARNING;
            case BREACH -> EventTypes.SLA_BREACHED;
            case ESCALATION -> EventTypes.SLA_ESCALATED;
        };
    }

    private static Object firedData(SlaClock c, SlaTimer t, Instant now) {
        return switch (t.kind) {
            case WARNING -> new SlaWarning(c.id, c.callId, c.number, c.taskId, c.kind, c.unitPath,
                    c.categoryCode, c.urgency, c.deadline, c.policyVersion, c.calendarVersion, t.threshold, t.dueAt);
            case BREACH -> new SlaBreached(c.id, c.callId, c.number, c.taskId, c.kind, c.unitPath,
                    c.categoryCode, c.urgency, c.deadline, c.policyVersion, c.calendarVersion, t.dueAt);
            case ESCALATION -> new SlaEscalated(c.id, c.callId, c.number, c.taskId, c.kind,
                    c.unitPath, c.categoryCode, c.urgency, c.deadline, c.policyVersion, c.calendarVersion, t.level, t.notifiedUnit,
                    later(t.dueAt, now));
        };
    }

    private CloudEvent event(String type, SlaClock c, Object data) {
        return outbox.event(SERVICE, type, c.callId, clock.instant(), data);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
