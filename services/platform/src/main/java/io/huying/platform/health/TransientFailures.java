package io.huying.platform.health;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Which failures pass: the database or the broker out of reach, a pool exhausted, a lock or
 * serialization conflict. Work that failed so is waited out and done again, in order, never given up
 * on ({@code ConsumedEvents}); anything else is a failure of the work itself.
 */
public final class TransientFailures {
    /**
     * SQLSTATE classes and codes that say nothing about the statement: 08 connection exceptions,
     * 40 transaction rollback (serialization failure, deadlock), 53 insufficient resources, 57
     * operator intervention (backends terminated, a database shutting down or starting), 58 system
     * errors, 55P03 lock not available and 55000 for "database is not currently accepting connections".
     */
    private static final Set<String> CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final Set<String> CODES = Set.of("55P03", "55000", "55006");

    private TransientFailures() {
    }

    /** True when {@code failure}, or any of its causes, is one that passes by itself. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                if (passes(pg.getSqlState())) {
                    return true;
                }
            } else if (t instanceof java.sql.SQLException sql) {
                if (passes(sql.getSQLState())) {
                    return true;
                }
            } else if (t instanceof ConnectException || t instanceof TimeoutException || t instanceof IOException
                    || t instanceof RetriableException || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            } else if (closedConnection(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean passes(String sqlState) {
        return sqlState != null && (CODES.contains(sqlState) || sqlState.length() >= 2 && CLASSES.contains(sqlState.substring(0, 2)));
    }

    /** The reactive client's words for a connection or pool that went away under a statement. */
    private static boolean closedConnection(Throwable t) {
        if (t instanceof ClosedConnectionException) {
            return true;
        }
        String message = t.getMessage();
        return message != null && (message.contains("Connection is closed") || message.contains("Pool closed")
                || message.contains("Timeout waiting for connection") || message.contains("connection refused")
                || message.contains("Connection refused"));
    }
}
