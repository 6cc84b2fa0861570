package io.huying.response.service;

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
 * Inbox tasks as they change, announced by PostgreSQL when the writing transaction commits
 * (trigger {@code inbox_task_changed}, channel {@value #CHANNEL}), heard through {@link PgListeners}.
 *
 * <p>The stream is hot: a subscriber gets what is committed after it subscribed and must keep up
 * or buffer; changes committed while the listening connection was down are not replayed.
 */
@ApplicationScoped
public class TaskChanges {
    static final String CHANNEL = "huying_inbox_task";

    /** A task of {@code unitPath}'s inbox was inserted or updated. */
    public record TaskChange(UUID taskId, String unitPath) {
    }

    private final PgListeners listeners;
    private final PgChangeFeed<TaskChange> feed;

    public TaskChanges(PgListeners listeners, ObjectMapper json) {
        this.listeners = listeners;
        this.feed = new PgChangeFeed<>(CHANNEL, TaskChange.class, json);
    }

    /** Changes committed from the moment of subscription on. */
    public Multi<TaskChange> stream() {
        return feed.stream();
    }

    void onStart(@Observes StartupEvent event) {
        feed.listen(listeners);
    }

    void onStop(@Observes ShutdownEvent event) {
        feed.complete();
    }
}
