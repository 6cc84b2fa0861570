package io.huying.sla.service;

import io.huying.platform.health.Stalls;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.sla.config.SlaConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fires due timers: {@code huying.sla.timers.pollers} loops (2), each polling every
 * {@code huying.sla.timers.poll-every} (200 ms) and at once again while polls come back full. Each
 * runs on a Vert.x context of its own (Hibernate Reactive needs one). A failed poll — whatever it
 * threw — is logged, reported as a stall (readiness DOWN, {@link Stalls}) and followed by the next
 * poll; a loop that ends anyway starts again after a second. Every instance polls; row locks keep
 * each timer to one poller.
 */
@ApplicationScoped
public class TimerPoller {
    private static final long RESTART_MILLIS = 1000;

    private final Timers timers;
    private final SlaConfig config;
    private final Vertx vertx;
    private final Stalls stalls;
    private final OutboxRelay relay;
    private final List<Cancellable> polling = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    public TimerPoller(Timers timers, SlaConfig config, Vertx vertx, Stalls stalls, OutboxRelay relay) {
        this.timers = timers;
        this.config = config;
        this.vertx = vertx;
        this.stalls = stalls;
        this.relay = relay;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.timers().pollerEnabled()) {
            Log.info("the SLA timer poller is off (huying.sla.timers.poller-enabled=false)");
            return;
        }
        for (int i = 0; i < config.timers().pollers(); i++) {
            start("sla-timer-poller-" + i);
        }
    }

    private void start(String name) {
        VertxContextSupport.subscribe(() -> {
            Context context = Vertx.currentContext();
            return Multi.createBy().repeating().uni(() -> pollOnce(name, context)).indefinitely();
        }, subscribe -> polling.add(subscribe.with(fired -> {
        }, failure -> {
            Log.errorf(failure, "%s stopped; starting it again in %d ms", name, RESTART_MILLIS);
            stalls.stalled(name, failure);
            if (!stopped) {
                vertx.setTimer(RESTART_MILLIS, id -> start(name));
            }
        })));
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        polling.forEach(Cancellable::cancel);
    }

    /** Fires what is due, batch after batch while they come back full, then waits for the next poll. */
    private Uni<Integer> pollOnce(String name, Context context) {
        int batch = config.timers().batchSize();
        return Uni.createFrom().deferred(() -> drain(batch, 0))
                .invoke(() -> stalls.recovered(name))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("firing SLA timers failed (%s); the next poll tries again", Stalls.describe(failure));
                    stalls.stalled(name, failure);
                    return 0;
                })
                .call(() -> pause(context, config.timers().pollEvery().toMillis()));
    }

    private Uni<Integer> drain(int batch, int firedSoFar) {
        return timers.fireDue(batch).invoke(relay::committed).chain(fired -> fired >= batch ? drain(batch, firedSoFar + fired) : Uni.createFrom().item(firedSoFar + fired));
    }

    /** Completes on {@code context} after {@code millis}. */
    private Uni<Void> pause(Context context, long millis) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, millis),
                id -> context.runOnContext(ignored -> emitter.complete(null))));
    }
}
