package io.huying.platform;

import io.huying.platform.db.ListParameters;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Advisory locks held until the current transaction ends. */
@ApplicationScoped
public class TransactionLocks {

    /** Waits until no other transaction holds {@code key}, then holds it until this one commits or rolls back. */
    public Uni<Void> lock(String key) {
        return Panache.getSession().chain(session -> session.createNativeQuery("call huying_xact_lock(:key)")
                .setParameter("key", key).executeUpdate()).replaceWithVoid();
    }

    /**
     * {@link #lock} for each of {@code keys}, in their natural (string) order whatever the order given,
     * a statement per 64 keys: transactions that lock overlapping sets this way, or one key at a time
     * in that order, never deadlock.
     */
    public Uni<Void> lockAll(Collection<String> keys) {
        Uni<Void> locked = Uni.createFrom().voidItem();
        for (List<String> chunk : ListParameters.chunks(keys.stream().distinct().sorted().toList())) {
            locked = locked.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("call huying_xact_locks(:keys)")
                    .setParameter("keys", chunk).executeUpdate()).replaceWithVoid());
        }
        return locked;
    }
}
