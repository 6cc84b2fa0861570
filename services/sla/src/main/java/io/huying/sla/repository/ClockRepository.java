package io.huying.sla.repository;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaClockStopped.Outcome;
import io.huying.contracts.reference.OrgPath;
import io.huying.sla.SlaClock;
import io.huying.sla.domain.PlannedTimer;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

@ApplicationScoped
public class ClockRepository implements PanacheRepositoryBase<SlaClock, UUID> {

    /** Filters of the ops views; null means "any". {@code scope} null: every unit (admin). */
    public record Filter(OrgPath scope, OrgPath unit, OrgPath area, String categoryCode, Urgency urgency, ClockKind clock,
            SlaClock.Standing standing, SlaClock.State state) {
    }

    public Uni<List<SlaClock>> ofCall(UUID callId) {
        return list("callId", Sort.ascending("startedAt").and("kind"), callId);
    }

    /** A clock's call and id: a page of a recompute lists these, then locks and loads each clock. */
    public record ClockRef(UUID callId, UUID id) {
    }

    /** Open clocks after {@code after} in (call, id) order, the order the consumer locks calls in. */
    public Uni<List<ClockRef>> openAfter(ClockRef after, int limit) {
        String hql = "select callId, id from SlaClock where state <> :stopped"
                + (after == null ? "" : " and (callId > :call or (callId = :call and id > :id))") + " order by callId, id";
        return getSession().chain(session -> {
            var query = session.createQuery(hql, Object[].class).setParameter("stopped", SlaClock.State.STOPPED).setMaxResults(limit);
            if (after != null) {
                query.setParameter("call", after.callId()).setParameter("id", after.id());
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(r -> new ClockRef((UUID) r[0], (UUID) r[1])).toList());
    }

    /** Clocks matching {@code filter}, soonest deadline first. */
    public PanacheQuery<SlaClock> matching(Filter filter) {
        Parameters p = new Parameters();
        return find(where(filter, p), Sort.ascending("deadline").and("id"), p);
    }

    /** Breached clocks matching {@code filter}, newest breach first. */
    public PanacheQuery<SlaClock> breaches(Filter filter) {
        Parameters p = new Parameters();
        String q = where(filter, p) + " and (breachedAt is not null or outcome = :breachedOutcome)";
        p.and("breachedOutcome", Outcome.BREACHED);
        return find(q, Sort.descending("deadline").and("id"), p);
    }

    /**
     * Open clocks matching {@code filter} that stand AT_RISK (a warning announced) or BREACHED, nearest
     * deadline first (the most overdue at the top): what needs attention now.
     */
    public PanacheQuery<SlaClock> atRisk(Filter filter) {
        Parameters p = new Parameters();
        String q = where(filter, p) + " and state <> :atRiskStopped and (breachedAt is not null or warnedThreshold is not null)";
        p.and("atRiskStopped", SlaClock.State.STOPPED);
        return find(q, Sort.ascending("deadline").and("id"), p);
    }

    /** The escalations (催办 / 督办 / 通报) fired for {@code clockIds}: [clock id, level, fired at] rows. */
    public Uni<List<Object[]>> escalationsOf(List<UUID> clockIds) {
        if (clockIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return getSession().chain(session -> session.createQuery("select clockId, level, firedAt from SlaTimer"
                        + " where clockId in :clocks and kind = :escalation and firedAt is not null", Object[].class)
                .setParameter("clocks", clockIds)
                .setParameter("escalation", PlannedTimer.Kind.ESCALATION)
                .getResultList());
    }

    /** The HQL condition of {@code filter}; an always-true one when it filters nothing. */
    public static String where(Filter f, Parameters p) {
        return where(f, p, false);
    }

    /**
     * The condition of {@code filter} in SQL over {@code sla_clock}'s columns, for native queries; the
     * parameters it adds are bound by {@link #bind}.
     */
    public static String whereSql(Filter f, Parameters p) {
        return where(f, p, true);
    }

    /** Binds {@code p} to a native query: enums as their names, as the entity stores them. */
    public static <Q extends Mutiny.AbstractQuery> Q bind(Q query, Parameters p) {
        p.map().forEach((name, value) -> query.setParameter(name, value instanceof Enum<?> e ? e.name() : value));
        return query;
    }

    private static String where(Filter f, Parameters p, boolean sql) {
        String unitPath = sql ? "unit_path" : "unitPath";
        String streetPath = sql ? "street_path" : "streetPath";
        String categoryCode = sql ? "category_code" : "categoryCode";
        String breachedAt = sql ? "breached_at" : "breachedAt";
        String warnedThreshold = sql ? "warned_threshold" : "warnedThreshold";
        StringBuilder q = new StringBuilder("1 = 1");
        if (f.scope() != null) {
            q.append(" and (" + unitPath + " = :scope or " + unitPath + " like :scopeBelow)");
            p.and("scope", f.scope().value()).and("scopeBelow", f.scope().descendantsLikePattern());
        }
        if (f.unit() != null) {
            q.append(" and (" + unitPath + " = :unit or " + unitPath + " like :unitBelow)");
            p.and("unit", f.unit().value()).and("unitBelow", f.unit().descendantsLikePattern());
        }
        if (f.area() != null) {
            q.append(" and (" + streetPath + " = :area or " + streetPath + " like :areaBelow)");
            p.and("area", f.area().value()).and("areaBelow", f.area().descendantsLikePattern());
        }
        if (f.categoryCode() != null) {
            q.append(" and " + categoryCode + " = :category");
            p.and("category", f.categoryCode());
        }
        if (f.urgency() != null) {
            q.append(" and urgency = :urgency");
            p.and("urgency", f.urgency());
        }
        if (f.clock() != null) {
            q.append(" and kind = :clock");
            p.and("clock", f.clock());
        }
        if (f.state() != null) {
            q.append(" and state = :state");
            p.and("state", f.state());
        }
        if (f.standing() != null) {
            q.append(switch (f.standing()) {
                case ON_TRACK -> " and state <> :stopped and " + breachedAt + " is null and " + warnedThreshold + " is null";
                case AT_RISK -> " and state <> :stopped and " + breachedAt + " is null and " + warnedThreshold + " is not null";
                case BREACHED -> " and (" + breachedAt + " is not null or outcome = :breached)";
                case MET -> " and state = :stopped and " + breachedAt + " is null and outcome = :met";
            });
            switch (f.standing()) {
                case ON_TRACK, AT_RISK -> p.and("stopped", SlaClock.State.STOPPED);
                case BREACHED -> p.and("breached", Outcome.BREACHED);
                case MET -> p.and("stopped", SlaClock.State.STOPPED).and("met", Outcome.MET);
            }
        }
        return q.toString();
    }
}
