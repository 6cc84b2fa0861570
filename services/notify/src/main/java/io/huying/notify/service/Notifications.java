package io.huying.notify.service;

import io.huying.notify.mapping.NotificationDrafts.Draft;
import io.huying.notify.outbound.OutboundChannels;
import io.huying.platform.db.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Stores notifications, inside the consuming transaction: one per (event, addressee), and with it a
 * delivery for each enabled outbound channel the addressee subscribes to — due at once when urgent,
 * else at the next working time ({@link WorkingTime}).
 */
@ApplicationScoped
public class Notifications {
    private final OutboundChannels channels;
    private final WorkingTime workingTime;
    private final Clock clock;

    public Notifications(OutboundChannels channels, WorkingTime workingTime, Clock clock) {
        this.channels = channels;
        this.workingTime = workingTime;
        this.clock = clock;
    }

    /** Inside a transaction: stores {@code draft} from event {@code eventId} unless it is stored already. */
    public Uni<Void> record(Draft draft, UUID eventId) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into notification (id, kind, title, body, call_id, task_id, number, unit_path, urgency, urgent, at,
                                                  created_at, source_event)
                        values (:id, :kind, :title, :body, :callId, :taskId, :number, :unit, :urgency, :urgent, :at, :now, :event)
                        on conflict (source_event, unit_path) do nothing""")
                .setParameter("id", id).setParameter("kind", draft.kind().name()).setParameter("title", draft.title())
                .setParameter("body", draft.body()).setParameter("callId", draft.callId()).setParameter("taskId", draft.taskId())
                .setParameter("number", draft.number()).setParameter("unit", draft.unitPath())
                .setParameter("urgency", draft.urgency() == null ? null : draft.urgency().name()).setParameter("urgent", draft.urgent())
                .setParameter("at", draft.at() == null ? now : draft.at()).setParameter("now", now).setParameter("event", eventId)
                .executeUpdate())
                .chain(inserted -> inserted == 0 || channels.enabledNames().isEmpty()
                        ? Uni.createFrom().voidItem()
                        : queueDeliveries(id, draft.unitPath(), draft.urgent(), now));
    }

    private Uni<Void> queueDeliveries(UUID notificationId, String unitPath, boolean urgent, Instant now) {
        Instant due = urgent ? now : workingTime.nextWorkingInstant(now);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into notification_delivery (id, notification_id, channel, addresses, urgent, status, attempts,
                                                           next_attempt_at, created_at)
                        select gen_random_uuid(), :notification, s.channel, s.addresses, :urgent, 'PENDING', 0, :due, :now
                        from notification_subscription s
                        where s.unit_path = :unit and s.channel in (:channels) and (:urgent or not s.urgent_only)""")
                .setParameter("notification", notificationId).setParameter("urgent", urgent).setParameter("due", due)
                .setParameter("now", now).setParameter("unit", unitPath).setParameter("channels", List.copyOf(channels.enabledNames()))
                .executeUpdate()).replaceWithVoid();
    }

    /** Inside a transaction: remembers a task's title, for the SLA notifications about it. */
    public Uni<Void> rememberTask(UUID taskId, String title) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into notify_task (task_id, title) values (:task, :title) on conflict do nothing""")
                .setParameter("task", taskId).setParameter("title", title).executeUpdate()).replaceWithVoid();
    }

    /** Inside a session: the title of a task seen dispatched, or null. */
    public Uni<String> taskTitle(UUID taskId) {
        if (taskId == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().chain(session -> NativeSelects.create(session, "select title from notify_task where task_id = :task", String.class)
                .setParameter("task", taskId).getResultList())
                .map(titles -> titles.isEmpty() ? null : titles.get(0));
    }
}
