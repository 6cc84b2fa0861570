package io.huying.intake;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A version of a reference document intake owns put in force — the category catalogue, the org tree: the whole
 * document as JSON, who, when and why. The latest revision of its kind is in force.
 */
@Entity
@Table(name = "reference_version")
@IdClass(ReferenceVersion.Key.class)
public class ReferenceVersion extends PanacheEntityBase {
    /** A version's key: its kind and revision. */
    public static class Key implements Serializable {
        public String kind;
        public int revision;

        public Key() {
        }

        public Key(String kind, int revision) {
            this.kind = kind;
            this.revision = revision;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(kind, k.kind) && revision == k.revision;
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, revision);
        }
    }

    @Id
    public String kind;
    @Id
    public int revision;
    public String version;
    /** JSON: the document. */
    public String content;
    public String note;
    @Column(name = "changed_by")
    public String changedBy;
    @Column(name = "changed_at")
    public Instant changedAt;
}
