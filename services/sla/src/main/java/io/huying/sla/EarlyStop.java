package io.huying.sla;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A stop that arrived before its clock started (events cross topics out of order); the start applies it. */
@Entity
@Table(name = "sla_early_stop")
public class EarlyStop extends PanacheEntityBase {
    @Id
    @Column(name = "clock_key")
    public String clockKey;
    @Column(name = "call_id")
    public UUID callId;
    @Column(name = "stopped_at")
    public Instant stoppedAt;
    public String reason;
}
