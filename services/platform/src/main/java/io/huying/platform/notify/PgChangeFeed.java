package io.huying.platform.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;

/**
 * What a PostgreSQL trigger announces on one channel (a JSON payload per committed change), as a
 * hot stream for the live SSE feeds: every replica listens on its own connection ({@link PgListeners}),
 * so a change committed through any replica reaches the streams of all.
 */
public final class PgChangeFeed<T> {
    private final String channel;
    private final Class<T> type;
    private final ObjectMapper json;
    // Notifications of one connection arrive on one thread, but a reconnect may use another.
    private final SerializedProcessor<T, T> changes = BroadcastProcessor.<T>create().serialized();

    public PgChangeFeed(String channel, Class<T> type, ObjectMapper json) {
        this.channel = channel;
        this.type = type;
        this.json = json;
    }

    /** Starts listening; once, at startup. */
    public void listen(PgListeners listeners) {
        listeners.listen(channel, this::announce);
    }

    /** Changes committed from the moment of subscription on. */
    public Multi<T> stream() {
        return Multi.createFrom().publisher(changes);
    }

    /** Ends every stream (at shutdown). */
    public void complete() {
        changes.onComplete();
    }

    private void announce(String payload) {
        T change;
        try {
            change = json.readValue(payload, type);
        } catch (JsonProcessingException e) {
            Log.warnf("ignoring an unreadable notification on %s: %s", channel, payload);
            return;
        }
        changes.onNext(change);
    }
}
