package io.huying.response.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Inbox tasks as they change, announced by PostgreSQL when the writing transaction commits
 * (trigger {@code inbox_task_changed}, channel {@value #CHANNEL}). Every replica listens on a
 * connection of its own, so a change written through any replica reaches the streams of all.
 *
 * <p>The stream is hot: a subscriber gets what is committed after it subscribed and must keep up
 * or buffer. A lost connection is reopened with backoff and LISTEN issued again; changes committed
 * while it was down are not replayed.
 */
@ApplicationScoped
public class TaskChanges {
    static final String CHANNEL = "huying_inbox_task";
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    /** A task of {@code unitPath}'s inbox was inserted or updated. */
    public record TaskChange(UUID taskId, String unitPath) {
    }

    private final Vertx vertx;
    private final ObjectMapper json;
    private final PgConnectOptions options;
    // Notifications of one connection arrive on one thread, but a reconnect may use another.
    private final SerializedProcessor<TaskChange, TaskChange> changes = BroadcastProcessor.<TaskChange>create().serialized();
    private volatile PgSubscriber subscriber;
    private volatile boolean stopped;

    public TaskChanges(Vertx vertx, ObjectMapper json,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.json = json;
        this.options = PgConnectOptions.fromUri(url).setUser(username).setPassword(password);
    }

    /** Changes committed from the moment of subscription on. */
    public Multi<TaskChange> stream() {
        return Multi.createFrom().publisher(changes);
    }

    void onStart(@Observes StartupEvent event) {
        listen(0);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        PgSubscriber current = subscriber;
        if (current != null) {
            current.closeAndForget();
        }
        changes.onComplete();
    }

    /**
     * Opens the listening connection. Once it is up, PgSubscriber reconnects by itself whenever it
     * drops; it does not retry a first connection that fails, so that is retried here, with a fresh
     * subscriber (a failed one cannot be connected again).
     */
    private void listen(int attempt) {
        if (stopped) {
            return;
        }
        PgSubscriber s = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retry -> {
            long delay = backoff(retry);
            Log.warnf("lost the connection listening on %s; reconnecting in %d ms", CHANNEL, delay);
            return delay;
        });
        s.channel(CHANNEL)
                .handler(this::announce)
                .subscribeHandler(() -> Log.infof("listening for inbox task changes on %s", CHANNEL));
        subscriber = s;
        s.connect().subscribe().with(connected -> {
        }, failure -> {
            long delay = backoff(attempt);
            Log.warnf("cannot listen on %s: %s; retrying in %d ms", CHANNEL, failure.getMessage(), delay);
            s.closeAndForget();
            vertx.setTimer(delay, timer -> listen(attempt + 1));
        });
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

    static long backoff(int attempt) {
        return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt, 6));
    }
}
