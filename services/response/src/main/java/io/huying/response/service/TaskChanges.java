package io.huying.response.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.platform.notify.PgListeners;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
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
    private final ObjectMapper json;
    // Notifications of one connection arrive on one thread, but a reconnect may use another.
    private final SerializedProcessor<TaskChange, TaskChange> changes = BroadcastProcessor.<TaskChange>create().serialized();

    public TaskChanges(PgListeners listeners, ObjectMapper json) {
        this.listeners = listeners;
        this.json = json;
    }

    /** Changes committed from the moment of subscription on. */
    public Multi<TaskChange> stream() {
        return Multi.createFrom().publisher(changes);
    }

    void onStart(@Observes StartupEvent event) {
        listeners.listen(CHANNEL, this::announce);
    }

    void onStop(@Observes ShutdownEvent event) {
        changes.onComplete();
    }

    private void announce(String payload) {
        TaskChange change;
        try {
            change = json.readValue(payload, TaskChange.class);
        } catch (JsonProcessingException e) {
            Log.warnf("ignoring an unreadable notification on %s: %s", CHANNEL, payload);
            return;
        }
        changes.onNext(change);
    }
}
