package io.huying.response;

import io.huying.contracts.Ids;
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
    /** JSON array of FileRef: evidence files uploaded for the completion. */
    public String files;
    @Column(name = "requested_deadline")
    public Instant requestedDeadline;
    @Column(name = "actor_username")
    public String actorUsername;
    public Instant at;

    /** A new activity of {@code taskId}; the fields that do not apply are null. */
    public static TaskActivity of(UUID taskId, String kind, String text, String reasonCode, String evidence, Instant requestedDeadline,
            String actorUsername, Instant at) {
        TaskActivity a = new TaskActivity();
        a.id = Ids.next();
        a.taskId = taskId;
        a.kind = kind;
        a.text = text;
        a.reasonCode = reasonCode;
        a.evidence = evidence;
        a.requestedDeadline = requestedDeadline;
        a.actorUsername = actorUsername;
        a.at = at;
        return a;
    }
}
