package io.huying.intake.repository;

import io.huying.intake.OrgTreeVersion;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The versions of the org tree (table org_tree_version, migration V13). */
@ApplicationScoped
public class OrgTreeVersionRepository implements PanacheRepositoryBase<OrgTreeVersion, Integer> {

    /** The version in force: the latest. */
    public Uni<OrgTreeVersion> latest() {
        return findAll(Sort.descending("revision")).firstResult();
    }

    /** Every version, newest first. */
    public Uni<List<OrgTreeVersion>> newestFirst() {
        return listAll(Sort.descending("revision"));
    }
}
