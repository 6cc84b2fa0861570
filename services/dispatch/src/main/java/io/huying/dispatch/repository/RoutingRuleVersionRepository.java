package io.huying.dispatch.repository;

import io.huying.dispatch.RoutingRuleVersion;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The versions of the routing rules (table routing_rule_version, migration V5). */
@ApplicationScoped
public class RoutingRuleVersionRepository implements PanacheRepositoryBase<RoutingRuleVersion, Integer> {

    /** The version in force: the latest; null before the first is stored. */
    public Uni<RoutingRuleVersion> latest() {
        return findAll(Sort.descending("revision")).firstResult();
    }

    /** Every version, newest first. */
    public Uni<List<RoutingRuleVersion>> newestFirst() {
        return listAll(Sort.descending("revision"));
    }
}
