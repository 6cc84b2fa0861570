package io.huying.intake.repository;

import io.huying.intake.CatalogueVersion;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The versions of the category catalogue (table category_catalogue_version, migration V12). */
@ApplicationScoped
public class CatalogueVersionRepository implements PanacheRepositoryBase<CatalogueVersion, Integer> {

    /** The version in force: the latest. */
    public Uni<CatalogueVersion> latest() {
        return findAll(Sort.descending("revision")).firstResult();
    }

    /** Every version, newest first. */
    public Uni<List<CatalogueVersion>> newestFirst() {
        return listAll(Sort.descending("revision"));
    }
}
