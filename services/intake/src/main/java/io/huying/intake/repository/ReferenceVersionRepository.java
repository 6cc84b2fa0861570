package io.huying.intake.repository;

import io.huying.intake.ReferenceVersion;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The versions of the reference documents intake owns (table reference_version, migration V13). */
@ApplicationScoped
public class ReferenceVersionRepository implements PanacheRepositoryBase<ReferenceVersion, ReferenceVersion.Key> {

    /** The version of {@code kind} in force: the latest. */
    public Uni<ReferenceVersion> latest(String kind) {
        return find("kind", Sort.descending("revision"), kind).firstResult();
    }

    /** Every version of {@code kind}, newest first. */
    public Uni<List<ReferenceVersion>> newestFirst(String kind) {
        return list("kind", Sort.descending("revision"), kind);
    }
}
