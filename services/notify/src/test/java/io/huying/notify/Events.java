package io.huying.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.calendar.CalendarYear;
import io.huying.contracts.calendar.HolidayPeriod;
import io.huying.contracts.calendar.WorkingSession;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.SlaCalendarActivated;
import io.huying.contracts.events.SlaCalendarProvisional;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaEscalated;
import io.huying.contracts.events.SlaEscalated.Level;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.DispatchedBy;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskWithdrawn;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.TestEvents;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Publishes what dispatch and the SLA engine publish, exactly as their relays do, each event checked
 * against its JSON Schema first. Every call gets a number of its own, so a test finds its
 * notifications and mails by it.
 */
final class Events implements AutoCloseable {
    static final String URBAN = "/baiyun/jinsha/sections/urban";
    static final String PEACE = "/baiyun/jinsha/sections/peace";
    static final String JINSHA = "/baiyun/jinsha";
    static final String BAIYUN = "/baiyun";

    private final ObjectMapper json;
    private final TestEvents events;
    private final EventSchemas schemas = new EventSchemas();

    Events(ObjectMapper json) {
        this.json = json;
        this.events = new TestEvents(json);
    }

    /** 派遣 — the lead task of a new 凤岭 call for {@code unit}. */
    TaskDispatched dispatched(String unit, Urgency urgency) {
        String number = "JS-20261202-" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        return new TaskDispatched(UUID.randomUUID(), UUID.randomUUID(), number, TaskRole.LEAD, unit, "/baiyun/jinsha/fengling",
                "/baiyun/jinsha", "SR-01", urgency, "凤岭路占道经营", Instant.now(), DispatchedBy.rule("JS-COMMUNITY-SR", "2026.2"),
                DispatchReason.ROUTED, 1, null);
    }

    CloudEvent event(TaskDispatched task) {
        return CloudEvent.of("dispatch", EventTypes.TASK_DISPATCHED, task.callId(), task.dispatchedAt(), json.valueToTree(task));
    }

    CloudEvent withdrawn(TaskDispatched task) {
        Instant now = Instant.now();
        return CloudEvent.of("dispatch", EventTypes.TASK_WITHDRAWN, task.callId(), now, json.valueToTree(new TaskWithdrawn(task.taskId(),
                task.callId(), task.number(), task.role(), task.unitPath(), task.raisingUnit(), "改派规划建设办",
                new Actor("sub-9", "jinsha.dispatcher", JINSHA), now)));
    }

    /** A step of the escalation ladder for {@code task}'s sign-for clock, addressed to {@code notifiedUnit}. */
    CloudEvent escalated(TaskDispatched task, UUID clockId, Level level, String notifiedUnit) {
        Instant now = Instant.now();
        SlaEscalated data = new SlaEscalated(clockId, task.callId(), task.number(), task.taskId(), ClockKind.SIGN_FOR, task.unitPath(),
                task.categoryCode(), task.urgency(), now.minus(Duration.ofMinutes(1)), "2026.1", "2026.1", level, notifiedUnit, now);
        return CloudEvent.of("sla", EventTypes.SLA_ESCALATED, task.callId(), now, json.valueToTree(data));
    }

    /** 工作日历生效 — {@code year}'s calendar as an administrator loads it into the SLA engine, with {@code madeUpWorkdays} (调休). */
    CloudEvent calendarActivated(int year, String version, List<LocalDate> madeUpWorkdays) {
        Instant now = Instant.now();
        CalendarYear calendar = new CalendarYear(year, version, "test notice", EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                List.of(new WorkingSession(LocalTime.of(8, 30), LocalTime.of(12, 0)), new WorkingSession(LocalTime.of(14, 0), LocalTime.of(17, 30))),
                List.of(new HolidayPeriod("元旦", LocalDate.of(year, 1, 1), LocalDate.of(year, 1, 3))), madeUpWorkdays);
        return CloudEvent.of("sla", EventTypes.SLA_CALENDAR_ACTIVATED, SlaCalendarProvisional.SUBJECT, now,
                json.valueToTree(new SlaCalendarActivated(calendar, now)));
    }

    void publishTask(CloudEvent event) {
        publish(Topics.TASKS, event);
    }

    void publishSla(CloudEvent event) {
        publish(Topics.SLA, event);
    }

    private void publish(String topic, CloudEvent event) {
        assertThat(schemas.violations(json.valueToTree(event))).as("the fake " + event.type()).isEmpty();
        events.publish(topic, event);
    }

    @Override
    public void close() {
        events.close();
    }
}
