package io.huying.sla;

import io.huying.contracts.events.SlaEscalated.Level;
import io.huying.sla.domain.PlannedTimer;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A durable timer of a clock (warning, breach or escalation); written by set-based statements, read as an entity when it fires. */
@Entity
@Table(name = "sla_timer")
public class SlaTimer extends PanacheEntityBase {
    @Id
    public Long id;
    @Column(name = "clock_id")
    public UUID clockId;
    public String step;
    @Enumerated(EnumType.STRING)
    public PlannedTimer.Kind kind;
    public Integer threshold;
    @Enumerated(EnumType.STRING)
    public Level level;
    @Column(name = "notified_unit")
    public String notifiedUnit;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "fired_at")
    public Instant firedAt;
    public UUID claim;
}
