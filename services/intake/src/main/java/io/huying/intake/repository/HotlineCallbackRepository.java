package io.huying.intake.repository;

import io.huying.intake.HotlineCallback;
import io.huying.platform.db.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The 12345 orders' steps to post back (table hotline_callback, migration V11). */
@ApplicationScoped
public class HotlineCallbackRepository implements PanacheRepositoryBase<HotlineCallback, UUID> {

    /**
     * Records steps for the orders they concern, in the caller's transaction: {@code rows} is a JSON array of
     * (event_id, call_id, step, at, unit_path, note, own). A step goes to the order whose call it happened to,
     * and, unless {@code own}, to every order merged into that call (并案). A step recorded before changes nothing.
     */
    public Uni<Void> record(String rows) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into hotline_callback (id, order_no, call_id, call_number, step_call_number, event_id, step, at,
                                                      unit_path, note, next_attempt_at)
                        select gen_random_uuid(), o.external_id, o.id, o.number, s.number, r.event_id, r.step, r.at, r.unit_path, r.note, r.at
                        from jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                             as r(event_id uuid, call_id uuid, step text, at timestamptz, unit_path text, note text, own boolean)
                        join calls s on s.id = r.call_id
                        join calls o on o.external_id is not null and (o.id = s.id or (not r.own and o.merged_into_id = s.id))
                        on conflict (event_id, order_no) do nothing""")
                .setParameter("rows", rows).executeUpdate().replaceWithVoid());
    }

    /**
     * Claims up to {@code limit} steps to post, in the caller's transaction: of each order, its oldest open
     * step, if it is due, happened before {@code settledBefore}, and no sender holds a step of that order.
     * Each claimed step is held until {@code leaseUntil} (a value of this claim's own), counted as an
     * attempt, and given the order's next sequence number if it has none yet.
     */
    public Uni<List<HotlineCallback>> claim(Instant now, Instant settledBefore, Instant leaseUntil, int limit) {
        return Panache.getSession().chain(session -> NativeSelects.create(session, """
                        select h.id from (select distinct on (order_no) id, order_no, at, next_attempt_at
                                          from hotline_callback where delivered_at is null
                                          order by order_no, at, id) h
                        where h.next_attempt_at <= :now and h.at <= :settled
                          and not exists (select 1 from hotline_callback l
                                          where l.order_no = h.order_no and l.delivered_at is null and l.lease_until > :now)
                        order by h.at limit :limit""", UUID.class)
                .setParameter("now", now).setParameter("settled", settledBefore).setParameter("limit", limit)
                .getResultList()
                .chain(heads -> heads.isEmpty() ? Uni.createFrom().item(List.<HotlineCallback>of())
                        : session.createNativeQuery("""
                                        update hotline_callback c set lease_until = :lease, attempts = c.attempts + 1,
                                            seq = coalesce(c.seq, (select coalesce(max(s.seq), 0) + 1 from hotline_callback s
                                                                   where s.order_no = c.order_no))
                                        where c.id in (:ids) and c.delivered_at is null and (c.lease_until is null or c.lease_until <= :now)""")
                                .setParameter("lease", leaseUntil).setParameter("ids", heads).setParameter("now", now)
                                .executeUpdate()
                                .chain(() -> list("id in ?1 and leaseUntil = ?2", heads, leaseUntil))));
    }

    /** An order's steps, in the order they are posted. */
    public Uni<List<HotlineCallback>> ofOrder(String orderNo) {
        return list("orderNo = ?1 order by at, id", orderNo);
    }
}
