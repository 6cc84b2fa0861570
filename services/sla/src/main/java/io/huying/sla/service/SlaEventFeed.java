package io.huying.sla.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.platform.notify.PgListeners;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Roles;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 时限动态 — the live feed behind {@code GET /api/sla/stream}: SLA events as they commit, announced by
 * PostgreSQL (trigger {@code sla_event_written}, channel {@value #CHANNEL}) with the whole CloudEvent.
 * Every replica listens on a connection of its own, so an event written by any replica (the consumer
 * or the timer poller) reaches the streams of all. An ops user gets the events of clocks at or below
 * their unit, an administrator all.
 *
 * <p>Hot: a subscriber gets what commits after it subscribed; events committed while the listening
 * connection ({@link PgListeners}) was down are not replayed (the REST views have them).
 *
 * <p>The daily warning that deadlines run on a provisional calendar ({@link ProvisionalCalendars}) is
 * about no unit: every watcher gets it.
 */
@ApplicationScoped
public class SlaEventFeed {
    static final String CHANNEL = "huying_sla_event";
    /** Events waiting to be written to one subscriber; a subscriber that falls further behind is cut off. */
    private static final int SUBSCRIBER_BUFFER = 1024;

    private record Watcher(Caller caller, boolean all, MultiEmitter<? super JsonNode> emitter) {
        boolean sees(String unitPath) {
            return all || caller.sees(unitPath);
        }
    }

    private final PgListeners listeners;
    private final ObjectMapper json;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();

    public SlaEventFeed(PgListeners listeners, ObjectMapper json) {
        this.listeners = listeners;
        this.json = json;
    }

    /** The SLA events (whole CloudEvents) {@code caller} may see, from now on. */
    public Multi<JsonNode> watch(Caller caller) {
        boolean all = caller.hasRole(Roles.ADMIN);
        return Multi.createFrom().emitter(emitter -> {
            Watcher watcher = new Watcher(caller, all, emitter);
            watchers.add(watcher);
            emitter.onTermination(() -> watchers.remove(watcher));
        }, SUBSCRIBER_BUFFER);
    }

    void onStart(@Observes StartupEvent event) {
        listeners.listen(CHANNEL, this::deliver);
    }

    void onStop(@Observes ShutdownEvent event) {
        watchers.forEach(w -> w.emitter().complete());
    }

    private void deliver(String payload) {
        if (watchers.isEmpty()) {
            return;
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (Exception e) {
            Log.warnf("ignoring an unreadable notification on %s", CHANNEL);
            return;
        }
        // The provisional-calendar warning concerns every unit's deadlines: every ops and admin watcher gets it.
        if (EventTypes.SLA_CALENDAR_PROVISIONAL.equals(event.path("type").asText())) {
            watchers.forEach(w -> w.emitter().emit(event));
            return;
        }
        String unitPath = event.at("/data/unitPath").asText(null);
        if (unitPath == null) {
            return;
        }
        watchers.stream().filter(w -> w.sees(unitPath)).forEach(w -> w.emitter().emit(event));
    }
}
