package io.huying.notify.service;

import io.huying.notify.BellEntry;
import io.huying.notify.service.NotificationChanges.Change;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The live bell behind {@code GET /api/notifications/stream}: a new notification goes to the streams
 * of its unit's members, followed by each one's unread count; a change of a user's read state sends
 * that user's streams the new count. Each change is loaded once, and only when someone watches.
 */
@ApplicationScoped
public class NotificationFeed {
    /** Changes waiting to be loaded; beyond this the newest are dropped (and logged). */
    private static final int PENDING_CHANGES = 4096;
    /** Events waiting to be written to one subscriber; a subscriber that falls further behind is cut off. */
    private static final int SUBSCRIBER_BUFFER = 1024;

    /** What a stream receives. */
    public sealed interface FeedEvent permits Item, Unread {
    }

    /** A new notification of the watcher's unit. */
    public record Item(BellEntry notification) implements FeedEvent {
    }

    /** The watcher's unread count after a change. */
    public record Unread(long count) implements FeedEvent {
    }

    private record Watcher(String unitPath, String username, MultiEmitter<? super FeedEvent> emitter) {
    }

    /** Events for the watchers of one user in one unit. */
    private record Delivery(String unitPath, String username, List<FeedEvent> events) {
    }

    private final NotificationChanges changes;
    private final NotificationQueries queries;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();

    public NotificationFeed(NotificationChanges changes, NotificationQueries queries) {
        this.changes = changes;
        this.queries = queries;
    }

    /** What reaches {@code username} of {@code unitPath}: new notifications of the unit and the user's unread count after each change. */
    public Multi<FeedEvent> watch(String unitPath, String username) {
        return Multi.createFrom().emitter(emitter -> {
            Watcher watcher = new Watcher(unitPath, username, emitter);
            watchers.add(watcher);
            emitter.onTermination(() -> watchers.remove(watcher));
        }, SUBSCRIBER_BUFFER);
    }

    void onStart(@Observes StartupEvent event) {
        // Hibernate Reactive needs a safe duplicated Vert.x context; loads run on this one, one at a time.
        VertxContextSupport.subscribe(this::loadedChanges, subscribe -> subscribe.with(this::deliver,
                failure -> Log.error("the live notification feed failed", failure), this::complete));
    }

    private Multi<List<Delivery>> loadedChanges() {
        Context context = Vertx.currentContext();
        return changes.stream()
                .filter(this::anyoneWatches)
                .onOverflow().invoke(change -> Log.warnf("live notification feed is behind; dropped %s", change))
                .drop()
                .emitOn(command -> context.runOnContext(ignored -> command.run()), PENDING_CHANGES)
                .onItem().transformToUniAndConcatenate(this::load)
                .onFailure().invoke(failure -> Log.warn("live notification feed failed; resubscribing", failure))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    private boolean anyoneWatches(Change change) {
        return watchers.stream().anyMatch(w -> change.isNew() ? w.unitPath().equals(change.unitPath()) : w.username().equals(change.username()));
    }

    /** The events each watching user gets for {@code change}; nothing when it cannot be read. */
    private Uni<List<Delivery>> load(Change change) {
        Uni<List<Delivery>> loaded = Panache.withSession(() -> change.isNew() ? loadNew(change) : loadRead(change.username()));
        return loaded.onFailure().recoverWithItem(failure -> {
            Log.warnf("live notification feed cannot load %s: %s", change, failure.getMessage());
            return List.of();
        });
    }

    private Uni<List<Delivery>> loadNew(Change change) {
        Set<String> users = watchers.stream().filter(w -> w.unitPath().equals(change.unitPath())).map(Watcher::username)
                .collect(Collectors.toSet());
        return queries.find(change.id()).chain(n -> {
            if (n == null) {
                return Uni.createFrom().item(List.<Delivery>of());
            }
            // New, so unread for everyone.
            Item item = new Item(new BellEntry(n, false));
            return counts(n.unitPath, users, count -> List.of(item, count));
        });
    }

    private Uni<List<Delivery>> loadRead(String username) {
        Set<String> units = watchers.stream().filter(w -> w.username().equals(username)).map(Watcher::unitPath).collect(Collectors.toSet());
        Uni<List<Delivery>> all = Uni.createFrom().item(List.of());
        for (String unit : units) {
            all = all.chain(list -> counts(unit, Set.of(username), count -> List.of(count)).map(more -> {
                List<Delivery> joined = new ArrayList<>(list);
                joined.addAll(more);
                return joined;
            }));
        }
        return all;
    }

    /** Each user's unread count in {@code unitPath}, wrapped into their events by {@code events}. */
    private Uni<List<Delivery>> counts(String unitPath, Set<String> users, Function<FeedEvent, List<FeedEvent>> events) {
        List<Delivery> deliveries = new ArrayList<>();
        Uni<Void> counted = Uni.createFrom().voidItem();
        for (String user : users) {
            counted = counted.chain(() -> queries.unreadInSession(unitPath, user)
                    .invoke(count -> deliveries.add(new Delivery(unitPath, user, events.apply(new Unread(count))))).replaceWithVoid());
        }
        return counted.replaceWith(deliveries);
    }

    private void deliver(List<Delivery> deliveries) {
        for (Delivery d : deliveries) {
            watchers.stream().filter(w -> w.unitPath().equals(d.unitPath()) && w.username().equals(d.username()))
                    .forEach(w -> d.events().forEach(w.emitter()::emit));
        }
    }

    private void complete() {
        watchers.forEach(w -> w.emitter().complete());
    }
}
