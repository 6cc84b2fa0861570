package io.huying.platform.notify;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * LISTEN on a channel of the service's own database, for live streams fed by triggers that NOTIFY
 * at commit. Each channel gets a connection of its own in every replica, so a change written
 * through any replica reaches the streams of all. A lost connection is reopened with backoff and
 * LISTEN issued again; notifications sent while it was down are not replayed.
 */
@ApplicationScoped
public class PgListeners {
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public PgListeners(Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url).setUser(username).setPassword(password);
    }

    /** Hands every payload notified on {@code channel} to {@code handler}, until the application stops. */
    public void listen(String channel, Consumer<String> handler) {
        Listener listener = new Listener(channel, handler);
        listeners.add(listener);
        listener.connect(0);
    }

    void onStop(@Observes ShutdownEvent event) {
        listeners.forEach(Listener::close);
    }

    static long backoff(int attempt) {
        return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt, 6));
    }

    private final class Listener {
        private final String channel;
        private final Consumer<String> handler;
        private volatile PgSubscriber subscriber;
        private volatile boolean stopped;

        Listener(String channel, Consumer<String> handler) {
            this.channel = channel;
            this.handler = handler;
        }

        /**
         * Once connected, PgSubscriber reconnects by itself whenever the connection drops; it does not
         * retry a first connection that fails, so that is retried here with a fresh subscriber (a
         * failed one cannot be connected again).
         */
        void connect(int attempt) {
            if (stopped) {
                return;
            }
            PgSubscriber s = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retry -> {
                long delay = backoff(retry);
                Log.warnf("lost the connection listening on %s; reconnecting in %d ms", channel, delay);
                return delay;
            });
            s.channel(channel).handler(handler::accept).subscribeHandler(() -> Log.infof("listening on %s", channel));
            subscriber = s;
            s.connect().subscribe().with(connected -> {
            }, failure -> {
                long delay = backoff(attempt);
                Log.warnf("cannot listen on %s: %s; retrying in %d ms", channel, failure.getMessage(), delay);
                s.closeAndForget();
                vertx.setTimer(delay, timer -> connect(attempt + 1));
            });
        }

        void close() {
            stopped = true;
            PgSubscriber current = subscriber;
            if (current != null) {
                current.closeAndForget();
            }
        }
    }
}
