package io.huying.intake.repository;

import io.huying.platform.db.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** 立项审核 — which categories of which street wait for review (table call_review_rule, migration V8). */
@ApplicationScoped
public class ReviewRules {

    /** Every (street, category) pair under review, as "street category", in one statement. */
    public Uni<Set<String>> all() {
        return Panache.getSession().chain(session -> NativeSelects.create(session,
                        "select street_path || ' ' || category_code from call_review_rule", String.class)
                .getResultList()
                .map(HashSet::new));
    }

    /** The street's categories under review, in code order. */
    public Uni<List<String>> of(String street) {
        return Panache.getSession().chain(session -> NativeSelects.create(session,
                        "select category_code from call_review_rule where street_path = :street order by category_code", String.class)
                .setParameter("street", street)
                .getResultList());
    }

    /** Replaces the street's categories under review with {@code categories}; in the caller's transaction. */
    public Uni<Void> replace(String street, Collection<String> categories, String setBy, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("delete from call_review_rule where street_path = :street")
                .setParameter("street", street).executeUpdate()
                .chain(() -> session.createNativeQuery("""
                                insert into call_review_rule (street_path, category_code, set_by, set_at)
                                select :street, value, :setBy, :at
                                from json_array_elements_text(cast(cast(:categories as text) as json))""")
                        .setParameter("street", street)
                        .setParameter("setBy", setBy)
                        .setParameter("at", at)
                        .setParameter("categories", new JsonArray(List.copyOf(categories)).encode())
                        .executeUpdate()))
                .replaceWithVoid();
    }
}
