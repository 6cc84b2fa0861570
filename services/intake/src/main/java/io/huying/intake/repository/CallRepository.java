package io.huying.intake.repository;

import io.huying.contracts.reference.OrgPath;
import io.huying.intake.Call;
import io.huying.intake.CallLifecycle;
import io.huying.intake.CallStatus;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class CallRepository implements PanacheRepositoryBase<Call, UUID> {

    /** Filters of the call list; null means "any". */
    public record Filter(CallLifecycle status, String categoryCode, io.huying.contracts.Urgency urgency,
            Instant raisedFrom, Instant raisedBefore) {
    }

    /** Calls raised by {@code scope} or any unit below it, matching the filter, newest first. */
    public PanacheQuery<Call> visibleTo(OrgPath scope, Filter filter) {
        StringBuilder q = new StringBuilder("(raisingUnit = :unit or raisingUnit like :below)");
        Parameters p = Parameters.with("unit", scope.value()).and("below", scope.descendantsLikePattern());
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
        if (filter.raisedFrom() != null) {
            q.append(" and raisedAt >= :from");
            p.and("from", filter.raisedFrom());
        }
        if (filter.raisedBefore() != null) {
            q.append(" and raisedAt < :before");
            p.and("before", filter.raisedBefore());
        }
        return find(q.toString(), Sort.descending("raisedAt").and("number", Sort.Direction.Descending), p);
    }

    /** The oldest open (not closed) call of the street and category raised since {@code since} at the same grid or address. */
    public Uni<Optional<Call>> openDuplicate(String streetPath, String categoryCode, String gridPath, String addressKey,
            Instant since) {
        return find("streetPath = ?1 and categoryCode = ?2 and status = ?3 and lifecycle <> ?4 and raisedAt >= ?5"
                        + " and (gridPath = ?6 or addressKey = ?7)",
                Sort.ascending("raisedAt"), streetPath, categoryCode, CallStatus.ACCEPTED, CallLifecycle.CLOSED, since, gridPath,
                addressKey)
                .firstResult().map(Optional::ofNullable);
    }

}
