package io.huying.platform.db;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Native selects for which Hibernate keeps no query plan.
 *
 * <p>Hibernate ORM caches a native select's plan under a key of its SQL text and its result mapping,
 * hashed by the SQL text alone; Hibernate Reactive 3.2 wraps the mapping in a {@code ReactiveResultSetMapping}
 * without {@code equals}, so no key ever equals another: every execution compiles one more plan and
 * caches it under the same hash, evicting other queries' plans, and every look-up for that SQL then
 * compares it with all the copies (a raise's Idempotency-Key claim took a tenth of intake's CPU samples
 * there, docs/benchmarks.md). Hibernate caches no plan for a statement with a list parameter, and
 * building a native select's plan is cheap: {@link #create} gives the statement a list parameter of
 * one element in a common table expression that nothing reads. A select that binds a list of its own
 * ({@link ListParameters}) has no plan cached either.
 */
public final class NativeSelects {
    private static final String PARAMETER = "huying_planless";
    private static final String EXPRESSION = PARAMETER + " as (select 1 where 1 in (:" + PARAMETER + "))";
    private static final Pattern WITH = Pattern.compile("^\\s*with\\s+(recursive\\s+)?", Pattern.CASE_INSENSITIVE);

    private NativeSelects() {
    }

    /** {@code session.createNativeQuery(sql, type)}, without a cached plan. */
    public static <R> Mutiny.SelectionQuery<R> create(Mutiny.Session session, String sql, Class<R> type) {
        return session.createNativeQuery(planless(sql), type).setParameter(PARAMETER, List.of(1));
    }

    /** {@code sql} with the unread list parameter: a common table expression of its own, first of its {@code with} list. */
    static String planless(String sql) {
        Matcher with = WITH.matcher(sql);
        if (with.find()) {
            return with.group() + EXPRESSION + ", " + sql.substring(with.end());
        }
        return "with " + EXPRESSION + " " + sql.stripLeading();
    }
}
