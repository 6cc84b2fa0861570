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

/**
 * A step of a 12345 order to post back (回传): recorded by the timeline with the step, posted by
 * HotlineCallbacks in order per order, and kept with how its delivery went.
 */
@Entity
@Table(name = "hotline_callback")
public class HotlineCallback extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "order_no")
    public String orderNo;
    @Column(name = "call_id")
    public UUID callId;
    @Column(name = "call_number")
    public String callNumber;
    /** The call the step happened to: the order's own, or the call it was merged into (并案). */
    @Column(name = "step_call_number")
    public String stepCallNumber;
    @Column(name = "event_id")
    public UUID eventId;
    @Enumerated(EnumType.STRING)
    public HotlineStep step;
    public Instant at;
    @Column(name = "unit_path")
    public String unitPath;
    public String note;
    /** The order's delivery sequence (1, 2, …), given when the step is first posted. */
    public Integer seq;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "lease_until")
    public Instant leaseUntil;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    @Column(name = "last_status")
    public Integer lastStatus;
    @Column(name = "last_error")
    public String lastError;
}
