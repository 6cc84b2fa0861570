package io.huying.sla;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A stored version of one year's working calendar (工作日历); one per year is active. */
@Entity
@Table(name = "sla_calendar")
@IdClass(CalendarVersion.Key.class)
public class CalendarVersion extends PanacheEntityBase {
    @Id
    @Column(name = "year")
    public int calendarYear;
    @Id
    public String version;
    public String document;
    public boolean active;
    @Column(name = "loaded_at")
    public Instant loadedAt;
    /** The administrator who stored it; null for a version shipped with a build. */
    @Column(name = "changed_by")
    public String changedBy;

    public static class Key implements Serializable {
        public int calendarYear;
        public String version;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.calendarYear == calendarYear && Objects.equals(k.version, version);
        }

        @Override
        public int hashCode() {
            return Objects.hash(calendarYear, version);
        }
    }
}
