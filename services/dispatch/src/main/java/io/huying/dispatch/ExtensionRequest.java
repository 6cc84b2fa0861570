package io.huying.dispatch;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** 延期申请 — a unit asked for a later deadline; a dispatcher of {@code dispatchUnit} approves or refuses it. */
@Entity
@Table(name = "extension_request")
public class ExtensionRequest extends PanacheEntityBase {
    public enum State {
        PENDING, APPROVED, REFUSED
    }

    /** The id of the extension-requested event. */
    @Id
    public UUID id;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "call_id")
    public UUID callId;
    @Column(name = "unit_path")
    public String unitPath;
    @Column(name = "dispatch_unit")
    public String dispatchUnit;
    @Column(name = "requested_deadline")
    public Instant requestedDeadline;
    public String reason;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "granted_deadline")
    public Instant grantedDeadline;
    public String comment;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
}
