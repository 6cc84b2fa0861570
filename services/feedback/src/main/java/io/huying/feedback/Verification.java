package io.huying.feedback;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** 核查/回访 — the raising unit's verification of a call's result. */
@Entity
@Table(name = "verification")
public class Verification extends PanacheEntityBase {
    /** OPEN: waiting for the raiser. CLOSED: 结案. REOPENED: 返工, until the handler completes again. */
    public enum Status {
        OPEN, CLOSED, REOPENED
    }

    @Id
    @Column(name = "call_id")
    public UUID callId;
    public String number;
    @Column(name = "raising_unit")
    public String raisingUnit;
    @Column(name = "lead_task_id")
    public UUID leadTaskId;
    @Column(name = "handler_unit")
    public String handlerUnit;
    public int round;
    public String result;
    /** Who completed the lead task (办结), when, and the evidence: JSON arrays of URLs and of FileRef. */
    @Column(name = "completed_by")
    public String completedBy;
    @Column(name = "completed_at")
    public Instant completedAt;
    public String evidence;
    public String files;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "due_at")
    public Instant dueAt;
    @Enumerated(EnumType.STRING)
    public Satisfaction satisfaction;
    public String comment;
    @Column(name = "auto_closed")
    public boolean autoClosed;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
}
