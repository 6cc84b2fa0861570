package io.huying.feedback.repository;

import io.huying.contracts.reference.OrgPath;
import io.huying.feedback.Verification;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class VerificationRepository implements PanacheRepositoryBase<Verification, UUID> {

    /** Verifications of calls raised by {@code scope} or below, soonest due first. */
    public Uni<List<Verification>> raisedWithin(OrgPath scope, Verification.Status status, int limit) {
        String q = "(raisingUnit = :unit or raisingUnit like :below)" + (status == null ? "" : " and status = :status");
        Parameters p = Parameters.with("unit", scope.value()).and("below", scope.descendantsLikePattern());
        if (status != null) {
            p.and("status", status);
        }
        return find(q, Sort.ascending("dueAt"), p).page(0, limit).list();
    }

    /**
     * Open verifications past their due time, locked. A second instance waiting on the same rows
     * finds them no longer open once it gets them, so each is closed once.
     */
    public Uni<List<Verification>> overdue(Instant now, int limit) {
        return find("status = ?1 and dueAt <= ?2", Sort.ascending("dueAt"), Verification.Status.OPEN, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).page(0, limit).list();
    }
}
