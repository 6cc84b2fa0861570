package io.huying.benchmarks.reference.service;

import io.huying.benchmarks.reference.ReferenceCall;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Persist, then send: the plain way of "store and announce" that Huying's outbox replaces. A call is
 * stored in one transaction and, once committed, sent to benchmark.reference-calls keyed by its id; the
 * caller hears back when Kafka has acknowledged the record.
 */
@ApplicationScoped
public class ReferenceIntake {
    private final MutinyEmitter<String> announcements;

    public ReferenceIntake(@Channel("reference") MutinyEmitter<String> announcements) {
        this.announcements = announcements;
    }

    @WithTransaction
    public Uni<ReferenceCall> store(String body) {
        ReferenceCall call = ReferenceCall.of(body);
        return call.persist().replaceWith(call);
    }

    /** Completes when Kafka has acknowledged the record (acks=all, see application.properties). */
    public Uni<Void> announce(ReferenceCall call) {
        return announcements.sendMessage(KafkaRecord.of(call.id.toString(), call.body));
    }
}
