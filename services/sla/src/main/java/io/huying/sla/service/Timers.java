package io.huying.sla.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.sla.SlaClock;
import io.huying.sla.SlaTimer;
import io.huying.sla.mapping.SlaEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The durable timers ({@code sla_timer}). Planning and cancelling run inside the transaction that
 * changes the clock; {@link #fireDue} claims due timers of running clocks with {@code FOR UPDATE SKIP
 * LOCKED}, stamps them fired and writes their events to the outbox in one transaction: with any number
 * of pollers each timer fires once, and a timer that fell due while no instance ran fires at the next poll.
 * Hot paths are plain statements and entity reads (no native selects with result classes).
 */
@ApplicationScoped
public class Timers {
    private final ObjectMapper json;
    private final SlaEvents events;
    private final Clock clock;

    public Timers(ObjectMapper json, SlaEvents events, Clock clock) {
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Inside a transaction: gives a running clock the timers of {@code plan}. Unfired timers it had
     * before are replaced (a new deadline moves them); a step that already fired is not planned again.
     * {@code fresh}: the clock is new and has no timers yet.
     */
    public Uni<Void> plan(SlaClock c, List<PlannedTimer> plan, boolean fresh) {
        ArrayNode rows = json.createArrayNode();
        for (PlannedTimer t : plan) {
            ObjectNode row = rows.addObject();
            row.put("step", t.step()).put("kind", t.kind().name()).put("due_at", t.dueAt().toString());
            if (t.threshold() != null) {
                row.put("threshold", t.threshold());
            }
            if (t.level() != null) {
                row.put("level", t.level().name()).put("notified_unit", t.notifiedUnit());
            }
        }
        return Panache.getSession().chain(session -> (fresh ? Uni.createFrom().item(0) : cancel(c.id))
                .chain(() -> session.createNativeQuery("""
                                insert into sla_timer (clock_id, step, kind, threshold, level, notified_unit, due_at)
                                select cast(:clock as uuid), r.step, r.kind, r.threshold, r.level, r.notified_unit, r.due_at
                                from jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                                     as r(step text, kind text, threshold integer, level text, notified_unit text, due_at timestamptz)
                                on conflict (clock_id, step) do nothing""")
                        .setParameter("clock", c.id)
                        .setParameter("rows", rows.toString())
                        .executeUpdate()))
                .replaceWithVoid();
    }

    /** Inside a transaction: removes the clock's unfired timers (it stopped or paused). */
    public Uni<Integer> cancel(UUID clockId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from sla_timer where clock_id = :clock and fired_at is null")
                .setParameter("clock", clockId)
                .executeUpdate());
    }

    /**
     * Fires up to {@code limit} due timers of running clocks in one transaction, soonest first: marks
     * them fired, records warnings and breaches on their clocks and writes their events to the outbox.
     * Returns how many fired; a full batch means more may be due.
     */
    public Uni<Integer> fireDue(int limit) {
        UUID claim = UUID.randomUUID();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        update sla_timer set fired_at = :now, claim = :claim
                        where id in (select t.id from sla_timer t join sla_clock c on c.id = t.clock_id
                                     where t.fired_at is null and t.due_at <= :now and c.state = 'RUNNING'
                                     order by t.due_at
                                     limit cast(:limit as integer)
                                     for update of t, c skip locked)""")
                .setParameter("now", now).setParameter("claim", claim).setParameter("limit", limit)
                .executeUpdate()
                .chain(fired -> fired == 0 ? Uni.createFrom().item(0) : recordOnClocks(session, claim, now)
                        .chain(() -> announce(claim))
                        .replaceWith(fired))));
    }

    private static Uni<Void> recordOnClocks(Mutiny.Session session, UUID claim, OffsetDateTime now) {
        return session.createNativeQuery("""
                        update sla_clock c set breached_at = coalesce(c.breached_at, t.due_at), updated_at = :now
                        from sla_timer t
                        where t.claim = :claim and t.kind = 'BREACH' and c.id = t.clock_id""")
                .setParameter("claim", claim).setParameter("now", now)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("""
                                update sla_clock c set warned_threshold = greatest(coalesce(c.warned_threshold, 0), w.threshold),
                                       updated_at = :now
                                from (select clock_id, max(threshold) as threshold from sla_timer
                                      where claim = :claim and kind = 'WARNING' group by clock_id) w
                                where c.id = w.clock_id""")
                        .setParameter("claim", claim).setParameter("now", now)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Void> announce(UUID claim) {
        return SlaTimer.<SlaTimer>list("claim = ?1 order by dueAt, id", claim).chain(timers ->
                SlaClock.<SlaClock>list("id in (select t.clockId from SlaTimer t where t.claim = ?1)", claim).chain(clocks -> {
                    Map<UUID, SlaClock> byId = clocks.stream().collect(Collectors.toMap(c -> c.id, Function.identity()));
                    return Multi.createFrom().iterable(timers)
                            .onItem().transformToUniAndConcatenate(t -> events.fired(byId.get(t.clockId), t))
                            .collect().last().replaceWithVoid();
                }));
    }

    /** When the poller runs: the time the timers are compared with. */
    public Instant now() {
        return clock.instant();
    }
}
