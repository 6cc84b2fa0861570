package io.huying.notify;

import io.huying.contracts.Urgency;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** 通知 — a notification addressed to one org unit; its members see it, each with their own read state. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {
    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public NotificationKind kind;
    public String title;
    public String body;
    @Column(name = "call_id")
    public UUID callId;
    @Column(name = "task_id")
    public UUID taskId;
    public String number;
    /** The addressee. */
    @Column(name = "unit_path")
    public String unitPath;
    @Enumerated(EnumType.STRING)
    public Urgency urgency;
    /** Sent on outbound channels at once; otherwise held for working hours. */
    public boolean urgent;
    /** When what it reports happened. */
    public Instant at;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "source_event")
    public UUID sourceEvent;
}
