package io.huying.intake;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A version of the category catalogue (派单目录) put in force: the whole catalogue, who, when and why. The latest is in force. */
@Entity
@Table(name = "category_catalogue_version")
public class CatalogueVersion extends PanacheEntityBase {
    @Id
    public int revision;
    public String version;
    /** JSON: the groups and the categories. */
    public String document;
    public String note;
    @Column(name = "changed_by")
    public String changedBy;
    @Column(name = "changed_at")
    public Instant changedAt;
}
