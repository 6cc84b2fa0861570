package io.huying.platform.db;

import io.vertx.pgclient.PgException;

/** Reads a failed write: whether PostgreSQL refused it as a duplicate of a unique index or key (23505). */
public final class UniqueViolations {
    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolations() {
    }

    /** True when {@code failure}, or any of its causes, is a unique violation of {@code constraint}. */
    public static boolean of(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Hibernate Reactive hands the driver's error on as a java.sql.SQLException, the driver as a PgException.
            String state = t instanceof PgException pg ? pg.getSqlState() : t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
            if (UNIQUE_VIOLATION.equals(state) && (t instanceof PgException pg && constraint.equals(pg.getConstraint())
                    || String.valueOf(t.getMessage()).contains("\"" + constraint + "\""))) {
                return true;
            }
        }
        return false;
    }
}
