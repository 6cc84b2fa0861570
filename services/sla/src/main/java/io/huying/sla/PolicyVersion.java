package io.huying.sla;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored version of the SLA policy (时限标准); one is active. */
@Entity
@Table(name = "sla_policy")
public class PolicyVersion extends PanacheEntityBase {
    @Id
    public String version;
    public String document;
    public boolean active;
    @Column(name = "loaded_at")
    public Instant loadedAt;
    /** The administrator who stored it; null for a version shipped with a build. */
    @Column(name = "changed_by")
    public String changedBy;
}
