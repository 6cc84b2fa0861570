package io.huying.intake.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.intake.FoundCall;
import io.huying.platform.notify.PgChangeFeed;
import io.huying.platform.notify.PgListeners;
import io.huying.platform.security.Caller;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 办理进度实时 — the live feed behind {@code GET /api/calls/{id}/stream}: the call as its page shows it,
 * once when the page subscribes and again each time a step is added or the call changes (announced
 * by PostgreSQL at commit on channel {@value #CHANNEL}, trigger {@code call_timeline_added} and
 * {@code call_changed}).
 *
 * <p>A subscriber's first view and every later one are loaded in one queue, one at a time, after the
 * subscriber is registered: it never misses a change committed after it subscribed, and never gets
 * an older view after a newer one.
 */
@ApplicationScoped
public class CallFeed {
    static final String CHANNEL = "huying_call";
    /** Loads waiting their turn; beyond this the newest are dropped (and logged). */
    private static final int PENDING_LOADS = 4096;
    /** Views waiting to be written to one subscriber; a subscriber that falls further behind is cut off. */
    private static final int SUBSCRIBER_BUFFER = 64;

    /** A call changed; announced by the database. */
    public record CallChange(UUID callId) {
    }

    private record Watcher(Caller caller, UUID callId, MultiEmitter<? super FoundCall> emitter) {
    }

    /** The views to load: a changed call's for all its watchers, or one new watcher's first. */
    private record Load(UUID callId, Watcher only) {
    }

    private final PgListeners listeners;
    private final PgChangeFeed<CallChange> changes;
    private final CallQueries queries;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private final SerializedProcessor<Load, Load> firstViews = BroadcastProcessor.<Load>create().serialized();

    public CallFeed(PgListeners listeners, ObjectMapper json, CallQueries queries) {
        this.listeners = listeners;
        this.changes = new PgChangeFeed<>(CHANNEL, CallChange.class, json);
        this.queries = queries;
    }

    /**
     * The call as {@code GET /api/calls/{id}} shows it to {@code caller}: at once, then after each
     * change. Fails (404 problem) when the call is not visible to the caller.
     */
    public Multi<FoundCall> watch(Caller caller, UUID callId) {
        return Multi.createFrom().emitter(emitter -> {
            Watcher watcher = new Watcher(caller, callId, emitter);
            watchers.add(watcher);
            emitter.onTermination(() -> watchers.remove(watcher));
            firstViews.onNext(new Load(callId, watcher));
        }, SUBSCRIBER_BUFFER);
    }

    void onStart(@Observes StartupEvent event) {
        changes.listen(listeners);
        // Hibernate Reactive needs a safe duplicated Vert.x context; loads run on this one, one at a time.
        VertxContextSupport.subscribe(this::loads, subscribe -> subscribe.with(load -> {
        }, failure -> Log.error("the live call feed failed", failure), this::complete));
    }

    void onStop(@Observes ShutdownEvent event) {
        changes.complete();
        firstViews.onComplete();
    }

    private Multi<Void> loads() {
        Context context = Vertx.currentContext();
        Multi<Load> changed = changes.stream()
                .filter(change -> watchers.stream().anyMatch(w -> w.callId().equals(change.callId())))
                .map(change -> new Load(change.callId(), null));
        return Multi.createBy().merging().streams(changed, Multi.createFrom().publisher(firstViews))
                .onOverflow().invoke(load -> Log.warnf("live call feed is behind; dropped a load of call %s", load.callId()))
                .drop()
                .emitOn(command -> context.runOnContext(ignored -> command.run()), PENDING_LOADS)
                .onItem().transformToUniAndConcatenate(this::deliver)
                .onFailure().invoke(failure -> Log.warn("live call feed failed; resubscribing", failure))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    /** Each watcher of the call gets the call as it may see it (the reporter masked or not). */
    private Uni<Void> deliver(Load load) {
        List<Watcher> targets = load.only() != null
                ? List.of(load.only())
                : watchers.stream().filter(w -> w.callId().equals(load.callId())).toList();
        // One after the other: the loads share this context's session, which takes one statement at a time.
        return Multi.createFrom().iterable(targets).onItem().transformToUniAndConcatenate(this::deliver)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> deliver(Watcher watcher) {
        return queries.get(watcher.caller(), watcher.callId())
                .invoke(view -> watcher.emitter().emit(view))
                .onFailure().invoke(failure -> watcher.emitter().fail(failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void complete() {
        watchers.forEach(w -> w.emitter().complete());
    }
}
