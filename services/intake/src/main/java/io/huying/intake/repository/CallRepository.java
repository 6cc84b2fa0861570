package io.huying.intake.repository;

import io.huying.contracts.reference.OrgPath;
import io.huying.intake.Call;
import io.huying.intake.CallLifecycle;
import io.huying.intake.CallHandling;
import io.huying.intake.CallStatus;
import io.huying.intake.ServiceRequestFilter;
import io.huying.platform.db.ListParameters;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CallRepository implements PanacheRepositoryBase<Call, UUID> {

    /** Filters of the call list; null means "any". */
    public record Filter(CallLifecycle status, String categoryCode, io.huying.contracts.Urgency urgency,
            Instant raisedFrom, Instant raisedBefore) {
    }

    /** Calls raised by {@code scope} or any unit below it, matching the filter, newest first. */
    public PanacheQuery<Call> visibleTo(OrgPath scope, Filter filter) {
        return matching("(raisingUnit = :unit or raisingUnit like :below)",
                Parameters.with("unit", scope.value()).and("below", scope.descendantsLikePattern()), filter);
    }

    /**
     * Calls raised by {@code subject} themselves (a grid worker, a patrol volunteer) for {@code unit},
     * matching the filter, newest first: read through the unit's index (calls_raising_unit).
     */
    public PanacheQuery<Call> raisedBy(String subject, OrgPath unit, Filter filter) {
        return matching("raisingUnit = :unit and raisedBySubject = :subject",
                Parameters.with("unit", unit.value()).and("subject", subject), filter);
    }

    private PanacheQuery<Call> matching(String whose, Parameters p, Filter filter) {
        StringBuilder q = new StringBuilder(whose);
        if (filter.status() != null) {
            q.append(" and lifecycle = :status");
            p.and("status", filter.status());
        }
        if (filter.categoryCode() != null) {
            q.append(" and categoryCode = :category");
            p.and("category", filter.categoryCode());
        }
        if (filter.urgency() != null) {
            q.append(" and urgency = :urgency");
            p.and("urgency", filter.urgency());
        }
        return raisedWithin(q, p, filter.raisedFrom(), filter.raisedBefore());
    }

    /** The query {@code q} with the raise-time window (either end may be open), newest first. */
    private PanacheQuery<Call> raisedWithin(StringBuilder q, Parameters p, Instant from, Instant before) {
        if (from != null) {
            q.append(" and raisedAt >= :from");
            p.and("from", from);
        }
        if (before != null) {
            q.append(" and raisedAt < :before");
            p.and("before", before);
        }
        return find(q.toString(), Sort.descending("raisedAt").and("number", Sort.Direction.Descending), p);
    }

    /** Calls matching {@code filter}, newest first. */
    public PanacheQuery<Call> open311(ServiceRequestFilter filter) {
        StringBuilder q = new StringBuilder();
        Parameters p = new Parameters();
        if (filter.scope() == null) {
            q.append("raisedBySubject like 'open311:%'");
        } else {
            q.append("(raisingUnit = :unit or raisingUnit like :below)");
            p.and("unit", filter.scope().value()).and("below", filter.scope().descendantsLikePattern());
        }
        if (!filter.numbers().isEmpty()) {
            q.append(" and number in :numbers");
            p.and("numbers", filter.numbers());
        }
        if (!filter.categoryCodes().isEmpty()) {
            q.append(" and categoryCode in :categories");
            p.and("categories", filter.categoryCodes());
        }
        if (!filter.lifecycles().isEmpty()) {
            q.append(" and lifecycle in :lifecycles");
            p.and("lifecycles", filter.lifecycles());
        }
        return raisedWithin(q, p, filter.raisedFrom(), filter.raisedBefore());
    }

    /**
     * {@link CallHandling} of each call of {@code callIds} (64 to a statement); a call nobody leads yet has
     * null unit and deadline.
     */
    public Uni<List<CallHandling>> handling(List<UUID> callIds) {
        return ListParameters.inChunks(callIds, chunk -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        select cast(c.id as text), l.unit_path, d.deadline, (select max(t.at) from call_timeline t where t.call_id = c.id)
                        from huying_uuids(:ids) as c(id)
                        left join call_lead_task l on l.call_id = c.id
                        left join task_resolve_deadline d on d.task_id = l.task_id""", Object[].class)
                .setParameter("ids", chunk).getResultList())
                .map(rows -> rows.stream().map(r -> new CallHandling(UUID.fromString((String) r[0]), (String) r[1], instant(r[2]), instant(r[3])))
                        .toList()));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }

    /** 立项审核 — calls waiting for review raised by {@code scope} or any unit below it, oldest first. */
    public PanacheQuery<Call> pendingReview(OrgPath scope) {
        return find("status = :status and (raisingUnit = :unit or raisingUnit like :below)",
                Sort.ascending("raisedAt").and("number"),
                Parameters.with("status", CallStatus.PENDING_REVIEW).and("unit", scope.value()).and("below", scope.descendantsLikePattern()));
    }

    /** The call, its row locked until the transaction ends (a decision on it waits for any other). */
    public Uni<Call> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * For each call of {@code calls}, the oldest open (not closed) accepted call raised since {@code since}
     * in its street and category at its grid, and the oldest at its normalised address: each found by
     * index (migration V7), in one statement for them all.
     */
    public Uni<List<Call>> openDuplicates(List<Call> calls, Instant since) {
        JsonArray wanted = new JsonArray();
        for (Call call : calls) {
            wanted.add(new JsonObject().put("street", call.streetPath).put("category", call.categoryCode).put("grid", call.gridPath)
                    .put("address", call.addressKey));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(OPEN_DUPLICATES, Call.class)
                .setParameter("wanted", wanted.encode())
                .setParameter("streets", calls.stream().map(call -> call.streetPath).distinct().toList())
                .setParameter("since", since)
                .getResultList());
    }

    /*
     * The candidates are also filtered by their streets as a list binding (what they are anyway): with a
     * list parameter Hibernate keeps no plan, where this native select otherwise left a new plan in its
     * cache at every execution, none ever reused (Hibernate Reactive 3.2's ReactiveResultSetMapping has no
     * equals), and each lookup compared against the stale ones (docs/benchmarks.md).
     */
    private static final String OPEN_DUPLICATES = """
            with wanted as (
                select distinct w.street, w.category, w.grid, w.address
                from json_to_recordset(cast(cast(:wanted as text) as json)) as w(street text, category text, grid text, address text))
            select c.* from calls c where c.street_path in (:streets) and c.id in (
                select (select o.id from calls o
                        where o.street_path = w.street and o.category_code = w.category and o.grid_path = w.grid
                          and o.status = 'ACCEPTED' and o.lifecycle <> 'CLOSED' and o.raised_at >= :since
                        order by o.raised_at, o.number limit 1)
                from wanted w
                union
                select (select o.id from calls o
                        where o.street_path = w.street and o.category_code = w.category and o.address_key = w.address
                          and o.status = 'ACCEPTED' and o.lifecycle <> 'CLOSED' and o.raised_at >= :since
                        order by o.raised_at, o.number limit 1)
                from wanted w)""";
}
