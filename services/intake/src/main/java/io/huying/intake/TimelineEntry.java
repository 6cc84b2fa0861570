package io.huying.intake;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One step of a call's timeline: what happened, when, by which unit. */
@Entity
@Table(name = "call_timeline")
public class TimelineEntry extends PanacheEntityBase {
    @Id
    @Column(name = "event_id")
    public UUID eventId;
    @Column(name = "call_id")
    public UUID callId;
    public Instant at;
    public String type;
    public String label;
    @Column(name = "unit_path")
    public String unitPath;
    public String actor;
    public String note;
    @Enumerated(EnumType.STRING)
    public CallLifecycle lifecycle;
}
