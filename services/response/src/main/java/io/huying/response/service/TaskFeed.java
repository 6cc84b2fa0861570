package io.huying.response.service;

import io.huying.platform.security.Caller;
import io.huying.response.InboxTask;
import io.huying.response.repository.InboxTaskRepository;
import io.huying.response.service.TaskChanges.TaskChange;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 实时待办 — the live feed behind {@code GET /api/tasks/stream}: each changed task is loaded once,
 * and only when some subscriber sees its unit, then sent to every subscriber who sees it.
 */
@ApplicationScoped
public class TaskFeed {
    /** Changes waiting to be loaded; beyond this the newest are dropped (and logged). */
    private static final int PENDING_CHANGES = 4096;
    /** Tasks waiting to be written to one subscriber; a subscriber that falls further behind is cut off. */
    private static final int SUBSCRIBER_BUFFER = 1024;

    private final TaskChanges changes;
    private final InboxTaskRepository tasks;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();

    private record Watcher(Caller caller, MultiEmitter<? super InboxTask> emitter) {
    }

    public TaskFeed(TaskChanges changes, InboxTaskRepository tasks) {
        this.changes = changes;
        this.tasks = tasks;
    }

    /** The tasks {@code caller} sees, each time one is created or changed. */
    public Multi<InboxTask> watch(Caller caller) {
        return Multi.createFrom().emitter(emitter -> {
            Watcher watcher = new Watcher(caller, emitter);
            watchers.add(watcher);
            emitter.onTermination(() -> watchers.remove(watcher));
        }, SUBSCRIBER_BUFFER);
    }

    void onStart(@Observes StartupEvent event) {
        // Hibernate Reactive needs a safe duplicated Vert.x context; loads run on this one, one at a time.
        VertxContextSupport.subscribe(this::loadedChanges, subscribe -> subscribe.with(this::deliver,
                failure -> Log.error("the live task feed failed", failure), this::complete));
    }

    private Multi<InboxTask> loadedChanges() {
        Context context = Vertx.currentContext();
        return changes.stream()
                .filter(change -> anyoneSees(change.unitPath()))
                .onOverflow().invoke(change -> Log.warnf("live task feed is behind; dropped the change of task %s", change.taskId()))
                .drop()
                .emitOn(command -> context.runOnContext(ignored -> command.run()), PENDING_CHANGES)
                .onItem().transformToUniAndConcatenate(this::load)
                .onFailure().invoke(failure -> Log.warn("live task feed failed; resubscribing", failure))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    private boolean anyoneSees(String unitPath) {
        return watchers.stream().anyMatch(w -> w.caller().sees(unitPath));
    }

    /** The task; null (skipped) when it cannot be read. */
    private Uni<InboxTask> load(TaskChange change) {
        return Panache.withSession(() -> tasks.findById(change.taskId()))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("live task feed cannot load task %s: %s", change.taskId(), failure.getMessage());
                    return null;
                });
    }

    /** To every subscriber who sees the task. */
    private void deliver(InboxTask task) {
        watchers.stream().filter(w -> w.caller().sees(task.unitPath)).forEach(w -> w.emitter().emit(task));
    }

    private void complete() {
        watchers.forEach(w -> w.emitter().complete());
    }
}
