package io.huying.benchmarks.reference;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A call as the reference stores it: the request body as it came, nothing derived from it. */
@Entity
@Table(name = "reference_call")
public class ReferenceCall extends PanacheEntityBase {
    @Id
    public UUID id;

    /** Text, not jsonb: Hibernate would map a String to a JSON string literal, and the body is kept as sent. */
    @Column(nullable = false, columnDefinition = "text")
    public String body;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static ReferenceCall of(String body) {
        ReferenceCall call = new ReferenceCall();
        call.id = UUID.randomUUID();
        call.body = body;
        call.createdAt = Instant.now();
        return call;
    }
}
