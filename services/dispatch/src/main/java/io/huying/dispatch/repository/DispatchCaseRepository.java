package io.huying.dispatch.repository;

import io.huying.contracts.reference.OrgPath;
import io.huying.dispatch.DispatchCase;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DispatchCaseRepository implements PanacheRepositoryBase<DispatchCase, UUID> {

    /** Queued cases whose queue unit lies within {@code scope}, oldest first (first come, first dispatched). */
    public Uni<List<DispatchCase>> queuedWithin(OrgPath scope, int limit) {
        return find("state = :state and (queueUnit = :unit or queueUnit like :below)",
                Sort.ascending("acceptedAt"),
                Parameters.with("state", DispatchCase.State.QUEUED).and("unit", scope.value())
                        .and("below", scope.descendantsLikePattern()))
                .page(0, limit).list();
    }
}
