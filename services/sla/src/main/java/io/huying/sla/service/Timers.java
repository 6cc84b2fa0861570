package io.huying.sla.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.platform.db.ListParameters;
import io.huying.sla.SlaClock;
import io.huying.sla.SlaTimer;
import io.huying.sla.domain.PlannedTimer;
import io.huying.sla.mapping.SlaEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The durable timers ({@code sla_timer}). Planning and cancelling are written inside the transaction
 * that changes the clocks ({@link ClockLedger}); {@link #fireDue} claims due timers of running clocks with {@code FOR UPDATE SKIP
 * LOCKED}, stamps them fired and writes their events to the outbox in one transaction: with any number
 * of pollers each timer fires once, and a timer that fell due while no instance ran fires at the next poll.
 * Hot paths are plain statements, one read-only query and one outbox statement per batch.
 */
@ApplicationScoped
public class Timers {
    private final ObjectMapper json;
    private final SlaEvents events;
    private final Clock clock;
    private final SlaMetrics metrics;

    public Timers(ObjectMapper json, SlaEvents events, Clock clock, SlaMetrics metrics) {
        this.json = json;
        this.events = events;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Inside a transaction, after the clocks are flushed: removes the unfired timers of the clocks in
     * {@code cancelled} (stopped, paused, or planned anew), then gives each clock in {@code planned} its
     * plan — a step that already fired is not planned again. Only a clock's next steps (those due first)
     * become rows; the steps after them ride along on the first of those rows ({@code following}, in due
     * order) and become rows when it fires ({@link #fireDue}). A new clock's rows are worked out here
     * ({@link #nextSteps}); a clock planned anew goes through database function {@code sla_next_steps},
     * which leaves out its fired steps. A statement per 64 cancelled clocks, one for the new clocks' timers
     * and one for the others', however many clocks the transaction changed.
     */
    public Uni<Void> write(Collection<UUID> cancelled, Map<UUID, List<PlannedTimer>> planned) {
        return Panache.getSession().chain(session -> {
            Uni<Void> written = Uni.createFrom().voidItem();
            for (List<UUID> chunk : ListParameters.chunks(List.copyOf(cancelled))) {
                written = written.chain(() -> session.createNativeQuery("""
                                delete from sla_timer
                                where fired_at is null and clock_id in (select id from huying_uuids(:clocks) as ids(id))""")
                        .setParameter("clocks", chunk)
                        .executeUpdate().replaceWithVoid());
            }
            Set<UUID> replanned = Set.copyOf(cancelled);
            ArrayNode fresh = json.createArrayNode();
            ArrayNode again = json.createArrayNode();
            planned.forEach((clockId, plan) -> {
                if (replanned.contains(clockId)) {
                    planAgain(again, clockId, plan);
                } else {
                    nextSteps(fresh, clockId, plan);
                }
            });
            if (!fresh.isEmpty()) {
                written = written.chain(() -> session.createNativeQuery("""
                                insert into sla_timer (clock_id, step, kind, threshold, level, notified_unit, due_at, following)
                                select r.clock_id, r.step, r.kind, r.threshold, r.level, r.notified_unit, r.due_at, r.following
                                from jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                                     as r(clock_id uuid, step text, kind text, threshold integer, level text, notified_unit text,
                                          due_at timestamptz, following jsonb)
                                on conflict (clock_id, step) do nothing""")
                        .setParameter("rows", fresh.toString())
                        .executeUpdate().replaceWithVoid());
            }
            if (!again.isEmpty()) {
                written = written.chain(() -> session.createNativeQuery("""
                                insert into sla_timer (clock_id, step, kind, threshold, level, notified_unit, due_at, following)
                                select * from sla_next_steps(cast(cast(:rows as text) as jsonb))
                                on conflict (clock_id, step) do nothing""")
                        .setParameter("rows", again.toString())
                        .executeUpdate().replaceWithVoid());
            }
            return written;
        });
    }

    /**
     * The timer rows of a new clock, as {@code sla_next_steps} would make them: a row for each step due
     * first (times to the microsecond, as stored), the first of them in plan order carrying the later
     * steps in due order, plan order among equals. Worked out here because that function, fed thousands
     * of steps, cost a busy engine more than all its other statements together (docs/benchmarks.md).
     */
    private void nextSteps(ArrayNode rows, UUID clockId, List<PlannedTimer> plan) {
        if (plan.isEmpty()) {
            return;
        }
        List<PlannedTimer> byDue = new ArrayList<>(plan);
        byDue.sort(Comparator.comparing(Timers::due));
        Instant first = due(byDue.get(0));
        ArrayNode following = json.createArrayNode();
        for (PlannedTimer t : byDue) {
            if (due(t).isAfter(first)) {
                step(following.addObject(), t);
            }
        }
        boolean carried = false;
        for (PlannedTimer t : byDue) {
            if (due(t).equals(first)) {
                ObjectNode row = step(rows.addObject().put("clock_id", clockId.toString()), t);
                if (!carried && !following.isEmpty()) {
                    row.set("following", following);
                }
                carried = true;
            }
        }
    }

    /**
     * A step as a timer row and a ride-along entry name it: absent values left out, as readers take them
     * for null; its time to the microsecond, as stored (cut, not rounded as PostgreSQL would, so that
     * both ways of planning agree).
     */
    private static ObjectNode step(ObjectNode node, PlannedTimer t) {
        node.put("step", t.step()).put("kind", t.kind().name()).put("due_at", due(t).toString());
        if (t.threshold() != null) {
            node.put("threshold", t.threshold());
        }
        if (t.level() != null) {
            node.put("level", t.level().name()).put("notified_unit", t.notifiedUnit());
        }
        return node;
    }

    private static Instant due(PlannedTimer t) {
        return t.dueAt().truncatedTo(ChronoUnit.MICROS);
    }

    /** A clock planned anew, as {@code sla_next_steps} takes it: its steps in plan order, not fresh (fired ones are skipped). */
    private static void planAgain(ArrayNode rows, UUID clockId, List<PlannedTimer> plan) {
        int ord = 0;
        for (PlannedTimer t : plan) {
            step(rows.addObject().put("clock_id", clockId.toString()).put("fresh", false).put("ord", ord++), t);
        }
    }

    /**
     * Fires up to {@code limit} due timers of running clocks in one transaction, soonest first: marks
     * them fired, records warnings and breaches on their clocks and writes their events to the outbox.
     * The due timers are taken in index order first (so a backlog of thousands costs no more per
     * batch than one of five hundred), then their clocks are locked; a timer whose clock another
     * transaction holds waits for the next poll, and one whose clock no longer runs is dropped
     * (stamped fired, unclaimed, announced nowhere). Returns how many were taken; a full batch
     * means more may be due.
     */
    public Uni<Integer> fireDue(int limit) {
        UUID claim = UUID.randomUUID();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        List<SlaEvents.Fired> announced = new ArrayList<>();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        // A crash before the WAL reaches disk loses the whole transaction, stamps and
                        // outbox rows alike: the timers are still due and fire after recovery, once.
                        "set local synchronous_commit = off").executeUpdate()
                .chain(() -> session.createNativeQuery("""
                        with due as (select id, clock_id from sla_timer
                                     where fired_at is null and due_at <= :now
                                     order by due_at
                                     limit cast(:limit as integer)
                                     for update skip locked),
                             running as (select id from sla_clock
                                         where id in (select clock_id from due) and state = 'RUNNING'
                                         for update skip locked),
                             gone as (select id from sla_clock
                                      where id in (select clock_id from due) and state <> 'RUNNING')
                        update sla_timer t set fired_at = :now,
                               claim = case when t.clock_id in (select id from running) then cast(:claim as uuid) end
                        from due
                        where t.id = due.id
                          and (due.clock_id in (select id from running) or due.clock_id in (select id from gone))""")
                .setParameter("now", now).setParameter("claim", claim).setParameter("limit", limit)
                .executeUpdate()
                .chain(fired -> fired == 0 ? Uni.createFrom().item(0) : recordOnClocks(session, claim, now)
                        .chain(() -> planFollowingSteps(session, claim))
                        .chain(() -> announce(session, claim))
                        .invoke(announced::addAll)
                        .replaceWith(fired)))))
                .invoke(() -> metrics.fired(announced));
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

    /**
     * The steps riding along on the fired timers of running clocks are planned as a clock's are
     * ({@code sla_next_steps}, migration V7): those due next become timer rows, the first carrying the
     * rest. A step already overdue fires at the next poll; a step already a row is left alone.
     */
    private static Uni<Void> planFollowingSteps(Mutiny.Session session, UUID claim) {
        return session.createNativeQuery("""
                        insert into sla_timer (clock_id, step, kind, threshold, level, notified_unit, due_at, following)
                        select * from sla_next_steps((
                            select jsonb_agg(x.e || jsonb_build_object('clock_id', t.clock_id, 'fresh', true, 'ord', x.o))
                            from sla_timer t
                            cross join lateral jsonb_array_elements(t.following) with ordinality as x(e, o)
                            where t.claim = :claim and t.following is not null))
                        on conflict (clock_id, step) do nothing""")
                .setParameter("claim", claim)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Reads the claimed timers with their clocks read-only (nothing to dirty-check at commit) and announces them. */
    private Uni<List<SlaEvents.Fired>> announce(Mutiny.Session session, UUID claim) {
        return session.createSelectionQuery("""
                        select t, c from SlaTimer t join SlaClock c on c.id = t.clockId
                        where t.claim = :claim order by t.dueAt, t.id""", Object[].class)
                .setParameter("claim", claim)
                .setReadOnly(true)
                .getResultList()
                .chain(rows -> {
                    List<SlaEvents.Fired> fired = rows.stream().map(row -> new SlaEvents.Fired((SlaTimer) row[0], (SlaClock) row[1])).toList();
                    return events.fired(fired).replaceWith(fired);
                });
    }
}
