package io.huying.notify.service;

import io.huying.notify.BellEntry;
import io.huying.notify.BellPage;
import io.huying.notify.Notification;
import io.huying.notify.repository.NotificationRepository;
import io.huying.platform.error.ProblemException;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The bell of a user. A notification is addressed to one unit and seen by that unit's members only —
 * not by the units above it (a street office does not get its sections' new-task noise); each member
 * has their own read state.
 */
@ApplicationScoped
public class NotificationQueries {
    private final NotificationRepository notifications;
    private final Clock clock;

    public NotificationQueries(NotificationRepository notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    @WithSession
    public Uni<BellPage> page(Caller caller, boolean unreadOnly, int page, int size) {
        String unit = caller.unit().value();
        var query = notifications.addressedTo(unit, caller.username(), unreadOnly).page(Page.of(page, size));
        return query.list().chain(list -> notifications.readBy(caller.username(), NotificationRepository.ids(list))
                .chain(read -> query.count().chain(total -> notifications.unread(unit, caller.username())
                        .map(unread -> new BellPage(list.stream().map(n -> new BellEntry(n, read.contains(n.id))).toList(),
                                unread, total)))));
    }

    /** How many notifications of {@code unitPath} {@code username} has not read. */
    @WithSession
    public Uni<Long> unread(String unitPath, String username) {
        return notifications.unread(unitPath, username);
    }

    /** Inside a session: as {@link #unread}. */
    public Uni<Long> unreadInSession(String unitPath, String username) {
        return notifications.unread(unitPath, username);
    }

    /** 已读 — 404 for a notification not addressed to the caller's unit; answers the caller's unread count. */
    @WithTransaction
    public Uni<Long> markRead(Caller caller, UUID id) {
        String unit = caller.unit().value();
        return notifications.findById(id).chain(n -> {
            if (n == null || !unit.equals(n.unitPath)) {
                throw ProblemException.notFound("notification " + id);
            }
            return notifications.markRead(id, caller.username(), clock.instant());
        }).chain(() -> notifications.unread(unit, caller.username()));
    }

    /** 全部已读 — answers the caller's unread count. */
    @WithTransaction
    public Uni<Long> markAllRead(Caller caller) {
        String unit = caller.unit().value();
        return notifications.markAllRead(unit, caller.username(), clock.instant())
                .chain(() -> notifications.unread(unit, caller.username()));
    }

    /** Inside a session: notification {@code id} as {@code username} sees it, or null when it is gone. */
    public Uni<BellEntry> entry(UUID id, String username) {
        return notifications.findById(id).chain(n -> n == null
                ? Uni.createFrom().<BellEntry>nullItem()
                : notifications.readBy(username, List.of(id)).map(read -> new BellEntry(n, read.contains(id))));
    }

    /** Inside a session. */
    public Uni<Notification> find(UUID id) {
        return notifications.findById(id);
    }
}
