package io.huying.intake.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Human call numbers, sequential per street per day: JS-20261127-0001, 0002, …
 *
 * <p>A number is taken by one autocommit statement before the call's transaction (the database
 * function {@code next_call_numbers}, migration V5), so the counter row of a busy street is locked
 * only while the server runs that statement, not across client round trips or a whole call's write.
 * Measured: holding it for the call's transaction capped intake near 35 calls/s; holding it from the
 * upsert to a separate COMMIT round trip capped one street near 70 calls/s on a saturated 2-core
 * machine (docs/benchmarks.md). A call whose transaction then fails leaves a gap, never a duplicate;
 * an Idempotency-Key replay is answered before a number is taken.
 *
 * <p>That statement commits without waiting for its WAL to reach disk ({@code synchronous_commit
 * off}, set inside the function): otherwise every call of a street waits in line for the previous
 * one's disk flush. It is still safe: the call that uses the number commits later with a flush, and
 * a flush covers all WAL written before it, the counter's included; a crash can only lose numbers that
 * no committed call holds.
 *
 * <p>Calls written together take their numbers together: {@link #take} takes a run of consecutive
 * numbers in that one statement.
 */
@ApplicationScoped
public class CallNumbers {
    private static final String TAKE = "select next_call_numbers($1, $2, $3)";

    private final Pool pool;

    public CallNumbers(Pool pool) {
        this.pool = pool;
    }

    public Uni<String> next(String streetCode, LocalDate day) {
        return take(streetCode, day, 1).map(taken -> taken.get(0));
    }

    /** {@code howMany} consecutive numbers of a street's day, in order. */
    public Uni<List<String>> take(String streetCode, LocalDate day, int howMany) {
        return pool.preparedQuery(TAKE).execute(Tuple.of(streetCode, day, howMany)).map(rows -> {
            int last = rows.iterator().next().getInteger(0);
            String prefix = streetCode + "-" + day.format(DateTimeFormatter.BASIC_ISO_DATE) + "-";
            List<String> taken = new ArrayList<>(howMany);
            for (int n = last - howMany + 1; n <= last; n++) {
                taken.add(prefix + String.format("%04d", n));
            }
            return taken;
        });
    }
}
