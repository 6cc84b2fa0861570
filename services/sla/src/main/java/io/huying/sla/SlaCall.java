package io.huying.sla;

import io.huying.contracts.Urgency;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** What the engine knows of a call: enough to start a clock that the starting event alone does not describe. */
@Entity
@Table(name = "sla_call")
public class SlaCall extends PanacheEntityBase {
    @Id
    @Column(name = "call_id")
    public UUID callId;
    public String number;
    @Column(name = "category_code")
    public String categoryCode;
    @Enumerated(EnumType.STRING)
    public Urgency urgency;
    @Column(name = "raising_unit")
    public String raisingUnit;
    @Column(name = "street_path")
    public String streetPath;
}
