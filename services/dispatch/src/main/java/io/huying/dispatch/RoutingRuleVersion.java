package io.huying.dispatch;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A version of the routing rules (派单规则) put in force: the whole rule set, who, when and why. The latest is in force. */
@Entity
@Table(name = "routing_rule_version")
public class RoutingRuleVersion extends PanacheEntityBase {
    @Id
    public int revision;
    public String version;
    /** JSON array of the rules. */
    public String rules;
    public String note;
    @Column(name = "changed_by")
    public String changedBy;
    @Column(name = "changed_at")
    public Instant changedAt;
}
