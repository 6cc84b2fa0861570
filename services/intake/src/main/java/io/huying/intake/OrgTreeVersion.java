package io.huying.intake;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A version of the org tree (组织架构) put in force: every unit, who, when and why. The latest is in force. */
@Entity
@Table(name = "org_tree_version")
public class OrgTreeVersion extends PanacheEntityBase {
    @Id
    public int revision;
    public String version;
    /** JSON: the units. */
    public String document;
    public String note;
    @Column(name = "changed_by")
    public String changedBy;
    @Column(name = "changed_at")
    public Instant changedAt;
}
