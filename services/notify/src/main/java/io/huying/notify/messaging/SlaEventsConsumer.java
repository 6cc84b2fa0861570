package io.huying.notify.messaging;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.SlaBreached;
import io.huying.contracts.events.SlaCalendarActivated;
import io.huying.contracts.events.SlaEscalated;
import io.huying.contracts.events.SlaWarning;
import io.huying.notify.mapping.NotificationDrafts;
import io.huying.notify.service.CalendarWorkingTime;
import io.huying.notify.service.Notifications;
import io.huying.platform.inbox.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The SLA engine's 预警 and 超时 of a task's clocks (签收, 办结) go to the unit handling it; its 催办 / 督办 /
 * 通报 go to exactly the unit each escalation event names ({@code notifiedUnit}) — one event per unit.
 * Warnings and breaches of the clocks that belong to no task (派遣, 核查, 全流程) reach people through
 * their escalations only. A year's working calendar an administrator loaded (工作日历生效) becomes the
 * one non-urgent e-mails wait for.
 */
@ApplicationScoped
public class SlaEventsConsumer {
    static final String CONSUMER = "notify-sla";

    private final ConsumedEvents consumed;
    private final NotificationDrafts drafts;
    private final Notifications notifications;
    private final CalendarWorkingTime workingTime;

    public SlaEventsConsumer(ConsumedEvents consumed, NotificationDrafts drafts, Notifications notifications,
            CalendarWorkingTime workingTime) {
        this.consumed = consumed;
        this.drafts = drafts;
        this.notifications = notifications;
        this.workingTime = workingTime;
    }

    @Incoming("sla")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumed.consume(CONSUMER, batch, SlaEventsConsumer::notified, this::apply);
    }

    /** Escalations and calendars always; warnings and breaches when they concern a task (cheap check on the raw data, before it is read). */
    static boolean notified(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.SLA_ESCALATED, EventTypes.SLA_CALENDAR_ACTIVATED -> true;
            case EventTypes.SLA_WARNING, EventTypes.SLA_BREACHED -> event.data() != null && event.data().hasNonNull("taskId");
            default -> false;
        };
    }

    private Uni<Void> apply(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.SLA_WARNING -> {
                SlaWarning w = consumed.data(event, SlaWarning.class);
                yield notifications.taskTitle(w.taskId()).chain(title -> notifications.record(drafts.warning(w, title), event.id()));
            }
            case EventTypes.SLA_BREACHED -> {
                SlaBreached b = consumed.data(event, SlaBreached.class);
                yield notifications.taskTitle(b.taskId()).chain(title -> notifications.record(drafts.breached(b, title), event.id()));
            }
            case EventTypes.SLA_ESCALATED -> {
                SlaEscalated e = consumed.data(event, SlaEscalated.class);
                yield notifications.taskTitle(e.taskId()).chain(title -> notifications.record(drafts.escalated(e, title), event.id()));
            }
            case EventTypes.SLA_CALENDAR_ACTIVATED -> {
                SlaCalendarActivated activated = consumed.data(event, SlaCalendarActivated.class);
                yield workingTime.activate(activated.calendar(), activated.at());
            }
            default -> Uni.createFrom().voidItem();
        };
    }
}
