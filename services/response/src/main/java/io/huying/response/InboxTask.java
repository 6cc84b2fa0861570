package io.huying.response;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A task in its responding unit's inbox (部门/科室待办). */
@Entity
@Table(name = "inbox_task")
public class InboxTask extends PanacheEntityBase {
    @Id
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "call_id")
    public UUID callId;
    public String number;
    @Enumerated(EnumType.STRING)
    public TaskRole role;
    @Column(name = "unit_path")
    public String unitPath;
    @Column(name = "raising_unit")
    public String raisingUnit;
    @Column(name = "street_path")
    public String streetPath;
    @Column(name = "category_code")
    public String categoryCode;
    @Enumerated(EnumType.STRING)
    public Urgency urgency;
    /** 0 特急, 1 紧急, 2 一般: the inbox lists the most urgent first, then the oldest. */
    @Column(name = "urgency_rank")
    public int urgencyRank;
    public String title;
    @Enumerated(EnumType.STRING)
    public TaskStatus status;
    @Column(name = "dispatched_at")
    public Instant dispatchedAt;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "returned_at")
    public Instant returnedAt;
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** When the task reached the inbox; never changes after. */
    @Column(name = "received_at")
    public Instant receivedAt;
    /** Why the task was dispatched: an ARBITRATED task (终审) cannot be returned. */
    @Enumerated(EnumType.STRING)
    @Column(name = "dispatch_reason")
    public DispatchReason dispatchReason;
    /** Handling round of the call: 2 and up is rework (返工). */
    public int round;
    /** An extension request (延期申请) waits for the dispatcher's decision. */
    @Column(name = "extension_pending")
    public boolean extensionPending;
    /** The deadline granted by the last approved extension. */
    @Column(name = "agreed_deadline")
    public Instant agreedDeadline;
    /** 挂起 — since when a dispatcher suspended the task; null while it runs. */
    @Column(name = "suspended_at")
    public Instant suspendedAt;
    /** 签收时限 and its state (ON_TRACK, AT_RISK, BREACHED, MET), as the SLA engine says; written only by {@code TaskDeadlines}. */
    @Column(name = "sign_for_deadline", insertable = false, updatable = false)
    public Instant signForDeadline;
    @Column(name = "sign_for_sla", insertable = false, updatable = false)
    public String signForSla;
    /** 办结时限 and its state; written only by {@code TaskDeadlines}. */
    @Column(name = "resolve_deadline", insertable = false, updatable = false)
    public Instant resolveDeadline;
    @Column(name = "resolve_sla", insertable = false, updatable = false)
    public String resolveSla;
}
