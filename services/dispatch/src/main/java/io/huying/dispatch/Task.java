package io.huying.dispatch;

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

/** 任务 — one unit's share of a call: the lead (主办) or an assisting (协办) task. */
@Entity
@Table(name = "task")
public class Task extends PanacheEntityBase {
    public enum Status {
        /** Waiting for sign-for. */
        DISPATCHED,
        /** 签收 — the unit works on it. */
        ACKNOWLEDGED,
        /** 办结 */
        COMPLETED,
        /** 退回 — the unit gave it back. */
        RETURNED,
        /** 撤回 — a dispatcher moved it elsewhere. */
        WITHDRAWN;

        /** The unit still owes a result. */
        public boolean live() {
            return this == DISPATCHED || this == ACKNOWLEDGED;
        }
    }

    @Id
    public UUID id;
    @Column(name = "call_id")
    public UUID callId;
    @Enumerated(EnumType.STRING)
    public TaskRole role;
    @Column(name = "unit_path")
    public String unitPath;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "dispatched_at")
    public Instant dispatchedAt;
    @Column(name = "dispatched_by_kind")
    public String dispatchedByKind;
    @Column(name = "rule_id")
    public String ruleId;
    public String dispatcher;
    @Enumerated(EnumType.STRING)
    public DispatchReason reason;
    public int round;
    @Column(name = "replaces_task_id")
    public UUID replacesTaskId;
    @Column(name = "ended_at")
    public Instant endedAt;
    /** 挂起 — since when a dispatcher suspended the task; null while it runs. */
    @Column(name = "suspended_at")
    public Instant suspendedAt;
    @Column(name = "suspension_reason")
    public String suspensionReason;

    /** Ends a live task; a task that has ended keeps its first ending. */
    public boolean end(Status status, Instant at) {
        if (!this.status.live()) {
            return false;
        }
        this.status = status;
        this.endedAt = at;
        return true;
    }
}
