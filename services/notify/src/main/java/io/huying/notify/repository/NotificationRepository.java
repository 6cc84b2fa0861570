package io.huying.notify.repository;

import io.huying.notify.Notification;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, UUID> {
    private static final String UNREAD = " and not exists (select 1 from NotificationRead r where r.notificationId = n.id and r.username = :user)";

    /** Notifications addressed to {@code unitPath}, newest first; only those {@code username} has not read when {@code unreadOnly}. */
    public PanacheQuery<Notification> addressedTo(String unitPath, String username, boolean unreadOnly) {
        Parameters p = Parameters.with("unit", unitPath);
        String q = "from Notification n where n.unitPath = :unit";
        if (unreadOnly) {
            q += UNREAD;
            p.and("user", username);
        }
        return find(q, Sort.descending("createdAt").and("id", Sort.Direction.Descending), p);
    }

    public Uni<Long> unread(String unitPath, String username) {
        return count("from Notification n where n.unitPath = :unit" + UNREAD, Parameters.with("unit", unitPath).and("user", username));
    }

    /** Which of {@code ids} {@code username} has read. */
    public Uni<Set<UUID>> readBy(String username, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select r.notificationId from NotificationRead r where r.username = :user and r.notificationId in :ids", UUID.class)
                .setParameter("user", username).setParameter("ids", ids).getResultList())
                .map(HashSet::new);
    }

    /** Inside a transaction: {@code username} has read notification {@code id}. */
    public Uni<Void> markRead(UUID id, String username, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into notification_read (notification_id, username, read_at) values (:id, :user, :at)
                        on conflict do nothing""")
                .setParameter("id", id).setParameter("user", username).setParameter("at", at).executeUpdate()).replaceWithVoid();
    }

    /** Inside a transaction: {@code username} has read every notification addressed to {@code unitPath}. */
    public Uni<Integer> markAllRead(String unitPath, String username, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into notification_read (notification_id, username, read_at)
                        select n.id, :user, :at from notification n
                        where n.unit_path = :unit
                          and not exists (select 1 from notification_read r where r.notification_id = n.id and r.username = :user)
                        on conflict do nothing""")
                .setParameter("unit", unitPath).setParameter("user", username).setParameter("at", at).executeUpdate());
    }

    public static List<UUID> ids(List<Notification> notifications) {
        return notifications.stream().map(n -> n.id).toList();
    }
}
