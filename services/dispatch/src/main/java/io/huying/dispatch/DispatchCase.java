package io.huying.dispatch;

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

/** An accepted call as dispatch sees it: routed to tasks, or waiting in a manual queue (兜底). */
@Entity
@Table(name = "dispatch_case")
public class DispatchCase extends PanacheEntityBase {
    /** ROUTED: its tasks exist. QUEUED: a dispatcher of {@code queueUnit} must dispatch it. */
    public enum State {
        ROUTED, QUEUED
    }

    @Id
    @Column(name = "call_id")
    public UUID callId;
    public String number;
    @Column(name = "raising_unit")
    public String raisingUnit;
    @Column(name = "street_path")
    public String streetPath;
    @Column(name = "category_code")
    public String categoryCode;
    @Enumerated(EnumType.STRING)
    public Urgency urgency;
    public String title;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "queue_unit")
    public String queueUnit;
    /** Why it waits while QUEUED: NO_RULE, RETURNED or ARBITRATION (see DispatchQueued). */
    @Column(name = "queue_reason")
    public String queueReason;
    /** How often its lead task was returned (退回); above the configured limit the call goes to arbitration (终审). */
    public int returns;
    @Column(name = "accepted_at")
    public Instant acceptedAt;
    /** The call as accepted, JSON of {@code CallDetails}: every task dispatched for it carries it. Null for older cases. */
    @Column(name = "call_details")
    public String callDetails;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
