package io.huying.intake.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Human call numbers, sequential per street per day: JS-20261127-0001, 0002, …
 *
 * <p>Calls written together take their numbers together: {@link #take} takes a run of consecutive
 * numbers of a street's day in one statement (the database function {@code take_call_numbers},
 * migration V9), in the raise's own transaction. The counter row is locked until that transaction
 * ends; intake's writer writes one group at a time, so within an instance nothing waits on it, and a
 * transaction that rolls back gives its numbers back.
 *
 * <p>Earlier the numbers were taken in an autocommit statement of their own before the calls'
 * transaction, because a lock held for a transaction per call capped intake near 35 calls/s; with a
 * transaction per group it costs nothing, and saves that statement's commit (docs/benchmarks.md).
 */
@ApplicationScoped
public class CallNumbers {
    /**
     * A query without a FROM clause calling the function: HQL, so Hibernate reuses its plan, where the
     * same as a native select left a new plan in its cache at every execution (docs/benchmarks.md).
     */
    private static final String TAKE = "select cast(take_call_numbers(:street, :day, :howMany) as Integer)";

    /** {@code howMany} consecutive numbers of a street's day, in order; in the caller's transaction. */
    public Uni<List<String>> take(String streetCode, LocalDate day, int howMany) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(TAKE, Integer.class)
                .setParameter("street", streetCode)
                .setParameter("day", day)
                .setParameter("howMany", howMany)
                .getSingleResult()).map(last -> {
                    String prefix = streetCode + "-" + day.format(DateTimeFormatter.BASIC_ISO_DATE) + "-";
                    List<String> taken = new ArrayList<>(howMany);
                    for (int n = last - howMany + 1; n <= last; n++) {
                        taken.add(prefix + String.format("%04d", n));
                    }
                    return taken;
                });
    }
}
