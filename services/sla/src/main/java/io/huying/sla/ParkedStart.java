package io.huying.sla;

import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A clock start that waits for its call's facts (category, urgency) to arrive on another topic. */
@Entity
@Table(name = "sla_parked_start")
public class ParkedStart extends PanacheEntityBase {
    @Id
    @Column(name = "clock_key")
    public String clockKey;
    @Column(name = "call_id")
    public UUID callId;
    @Enumerated(EnumType.STRING)
    public ClockKind kind;
    @Column(name = "task_id")
    public UUID taskId;
    public int round;
    public String number;
    @Column(name = "unit_path")
    public String unitPath;
    @Column(name = "started_at")
    public Instant startedAt;
}
