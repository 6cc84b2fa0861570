package io.huying.platform.attachment;

import io.huying.platform.db.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Deletes uploads that nothing claimed within {@code huying.attachments.unbound-for} (24 h): a photo picked
 * for a call that was never raised. Every {@code huying.attachments.purge-every} (1 h; {@code off} in tests,
 * which call {@link #purge} themselves), up to 500 at a time, oldest first; rows a claim holds are skipped.
 */
@ApplicationScoped
public class AttachmentPurge {
    private static final int BATCH = 500;

    private final AttachmentStore store;
    private final AttachmentsConfig config;
    private final Clock clock;

    public AttachmentPurge(AttachmentStore store, AttachmentsConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${huying.attachments.purge-every:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        try {
            int purged;
            do {
                purged = VertxContextSupport.subscribeAndAwait(this::purge);
                if (purged > 0) {
                    Log.infof("purged %d uploads nobody claimed within %s", purged, config.unboundFor());
                }
            } while (purged == BATCH);
        } catch (Throwable e) {
            Log.warnf("purging unclaimed uploads failed; it runs again at its next turn: %s", e.getMessage());
        }
    }

    /** Deletes up to 500 unbound uploads older than the limit, metadata and bytes in one transaction; returns how many. */
    public Uni<Integer> purge() {
        Instant before = clock.instant().minus(config.unboundFor());
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> NativeSelects.create(session, """
                                select id from huying_attachment where bound_ref is null and created_at < :before
                                order by created_at limit :batch for update skip locked""", UUID.class)
                        .setParameter("before", before).setParameter("batch", BATCH).getResultList()
                        .chain(ids -> deleteBytes(ids).chain(() -> ids.isEmpty() ? Uni.createFrom().item(0)
                                : session.createMutationQuery("delete from Attachment where id in :ids").setParameter("ids", ids).executeUpdate()))));
    }

    private Uni<Void> deleteBytes(List<UUID> ids) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (UUID id : ids) {
            all = all.chain(() -> store.delete(id));
        }
        return all;
    }
}
