package io.huying.platform;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Advisory locks held until the current transaction ends. */
@ApplicationScoped
public class TransactionLocks {

    /** Waits until no other transaction holds {@code key}, then holds it until this one commits or rolls back. */
    public Uni<Void> lock(String key) {
        return Panache.getSession().chain(session -> session.createNativeQuery("call huying_xact_lock(:key)")
                .setParameter("key", key).executeUpdate()).replaceWithVoid();
    }
}
