package io.huying.notify;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** 已读 — a user has read a notification of their unit. */
@Entity
@Table(name = "notification_read")
@IdClass(NotificationRead.Key.class)
public class NotificationRead extends PanacheEntityBase {
    @Id
    @Column(name = "notification_id")
    public UUID notificationId;
    @Id
    public String username;
    @Column(name = "read_at")
    public Instant readAt;

    /** The primary key (notification, username). */
    public static class Key implements Serializable {
        public UUID notificationId;
        public String username;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(notificationId, k.notificationId) && Objects.equals(username, k.username);
        }

        @Override
        public int hashCode() {
            return Objects.hash(notificationId, username);
        }
    }
}
