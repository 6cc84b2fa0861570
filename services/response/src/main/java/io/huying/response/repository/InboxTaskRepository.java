package io.huying.response.repository;

import io.huying.contracts.Urgency;
import io.huying.contracts.reference.OrgPath;
import io.huying.response.InboxTask;
import io.huying.response.TaskStatus;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class InboxTaskRepository implements PanacheRepositoryBase<InboxTask, UUID> {

    /** Filters of the inbox; null means "any". */
    public record Filter(TaskStatus status, Urgency urgency, String categoryCode) {
    }

    /** Tasks of {@code scope}'s unit and the units below it: most urgent first, then oldest. */
    public PanacheQuery<InboxTask> inbox(OrgPath scope, Filter filter) {
        StringBuilder q = new StringBuilder("(unitPath = :unit or unitPath like :below)");
        Parameters p = Parameters.with("unit", scope.value()).and("below", scope.descendantsLikePattern());
        if (filter.status() != null) {
            q.append(" and status = :status");
            p.and("status", filter.status());
        }
        if (filter.urgency() != null) {
            q.append(" and urgency = :urgency");
            p.and("urgency", filter.urgency());
        }
        if (filter.categoryCode() != null) {
            q.append(" and categoryCode = :category");
            p.and("category", filter.categoryCode());
        }
        return find(q.toString(), Sort.ascending("urgencyRank").and("dispatchedAt"), p);
    }
}
