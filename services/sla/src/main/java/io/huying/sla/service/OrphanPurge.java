package io.huying.sla.service;

import io.huying.sla.config.SlaConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Purges what waits in vain: early stops ({@code sla_early_stop}) whose clock never started and
 * parked starts ({@code sla_parked_start}) whose call never became known, once they are older than
 * {@code huying.sla.orphans-kept-for} (30 days) by their event time. Every
 * {@code huying.sla.orphans-purge-every} (1 h; {@code off} in tests, which purge by hand), on every
 * instance (deleting twice is harmless).
 */
@ApplicationScoped
public class OrphanPurge {
    private final SlaConfig config;
    private final Clock clock;

    public OrphanPurge(SlaConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${huying.sla.orphans-purge-every:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeOnSchedule() {
        return purge()
                .onFailure().invoke(e -> Log.warn("purging SLA orphans failed; it runs again in an hour", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes the orphans older than the configured age; returns how many went. */
    public Uni<Integer> purge() {
        Instant before = clock.instant().minus(config.orphansKeptFor());
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("delete from sla_early_stop where stopped_at < :before")
                .setParameter("before", before.atOffset(ZoneOffset.UTC))
                .executeUpdate()
                .chain(stops -> session.createNativeQuery("delete from sla_parked_start where started_at < :before")
                        .setParameter("before", before.atOffset(ZoneOffset.UTC))
                        .executeUpdate()
                        .map(starts -> stops + starts))))
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("purged %d SLA early stops and parked starts older than %s", n, config.orphansKeptFor());
                    }
                });
    }
}
