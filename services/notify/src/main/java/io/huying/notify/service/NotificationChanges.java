package io.huying.notify.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.platform.notify.PgChangeFeed;
import io.huying.platform.notify.PgListeners;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/**
 * New notifications and changes of read state, announced by PostgreSQL when the writing transaction
 * commits (triggers on {@code notification} and {@code notification_read}, channel {@value #CHANNEL}),
 * heard through {@link PgListeners}. Hot: changes committed while the listening connection was down
 * are not replayed (the bell's next page load shows them).
 */
@ApplicationScoped
public class NotificationChanges {
    static final String CHANNEL = "huying_notification";

    /** A notification {@code id} for {@code unitPath} was stored, or (id null) {@code username} read something. */
    public record Change(UUID id, String unitPath, String username) {
        public boolean isNew() {
            return id != null;
        }
    }

    private final PgListeners listeners;
    private final PgChangeFeed<Change> feed;

    public NotificationChanges(PgListeners listeners, ObjectMapper json) {
        this.listeners = listeners;
        this.feed = new PgChangeFeed<>(CHANNEL, Change.class, json);
    }

    /** Changes committed from the moment of subscription on. */
    public Multi<Change> stream() {
        return feed.stream();
    }

    void onStart(@Observes StartupEvent event) {
        feed.listen(listeners);
    }

    void onStop(@Observes ShutdownEvent event) {
        feed.complete();
    }
}
