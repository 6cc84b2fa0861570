package io.huying.response;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One thing a unit did with a task: signed for, noted progress, contacted the caller, completed, returned, asked for time. */
@Entity
@Table(name = "task_activity")
public class TaskActivity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "task_id")
    public UUID taskId;
    public String kind;
    public String text;
    @Column(name = "reason_code")
    public String reasonCode;
    /** JSON array of evidence URLs (completion). */
    public String evidence;
    @Column(name = "requested_deadline")
    public Instant requestedDeadline;
    @Column(name = "actor_username")
    public String actorUsername;
    public Instant at;
}
