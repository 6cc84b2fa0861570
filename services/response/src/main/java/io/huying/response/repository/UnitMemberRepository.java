package io.huying.response.repository;

import io.huying.response.UnitMember;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class UnitMemberRepository implements PanacheRepositoryBase<UnitMember, String> {

    /** The members of exactly {@code unitPath} (not of the units below), by username. */
    public Uni<List<UnitMember>> ofUnit(String unitPath) {
        return list("unitPath", Sort.ascending("username"), unitPath);
    }
}
