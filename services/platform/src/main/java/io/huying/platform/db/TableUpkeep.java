package io.huying.platform.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Vacuums and analyzes the service's busy tables when PostgreSQL's autovacuum is off, as it is on
 * the development and CI machines.
 *
 * <p>The outbox and the consumed-event and timer tables churn: every event is a row inserted, then
 * deleted or updated. Without vacuum their indexes fill with dead entries that every "oldest first"
 * scan walks again, and without analyze a table that was empty when created keeps no statistics,
 * so the planner guesses. Under load both made hot statements slower by the minute
 * (docs/benchmarks.md). Every {@code huying.db.upkeep-every} (1 min; {@code off} in tests, which call
 * {@link #upkeep} themselves) this looks at the service's tables as autovacuum would, with
 * autovacuum's scale factors and {@code huying.db.upkeep-dead-rows} (1,000) as the base threshold:
 * {@code VACUUM (ANALYZE)} a table with at least that many dead rows and a fifth of its live ones;
 * {@code ANALYZE} one with at least that many changes and a tenth of its live rows since its last
 * analyze, or never analyzed. A big table is thus vacuumed as often as it churns in proportion to its
 * size, not every minute: vacuuming intake's calls each minute scanned the whole table and its indexes
 * again and again, a tenth of intake's database time under load. With autovacuum on it does nothing.
 */
@ApplicationScoped
public class TableUpkeep {
    private final AgroalDataSource dataSource;
    private final long deadRows;
    /** Whether this database's autovacuum is off; read at the first run. */
    private Boolean needed;

    public TableUpkeep(AgroalDataSource dataSource,
            @ConfigProperty(name = "huying.db.upkeep-dead-rows", defaultValue = "1000") long deadRows) {
        this.dataSource = dataSource;
        this.deadRows = deadRows;
    }

    @Scheduled(every = "${huying.db.upkeep-every:1m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void upkeepOnSchedule() {
        try {
            if (needed == null) {
                needed = !autovacuumOn();
                Log.infof("table upkeep: PostgreSQL's autovacuum is %s", needed ? "off; vacuuming busy tables" : "on; nothing to do");
            }
            if (needed) {
                upkeep();
            }
        } catch (SQLException e) {
            Log.warnf("table upkeep failed; it runs again at its next turn: %s", e.getMessage());
        }
    }

    private boolean autovacuumOn() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show autovacuum")) {
            rs.next();
            return "on".equals(rs.getString(1));
        }
    }
    /** Vacuums and analyzes, or only analyzes, the tables that need it, now; returns the names of those vacuumed and analyzed. */
    public List<String> upkeep() throws SQLException {
        List<String> vacuum = new ArrayList<>();
        List<String> analyze = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true); // VACUUM cannot run inside a transaction
            try (PreparedStatement ps = c.prepareStatement("""
                    select quote_ident(relname), n_dead_tup >= greatest(?, n_live_tup / 5)
                    from pg_stat_user_tables
                    where schemaname = current_schema()
                      and (n_dead_tup >= greatest(?, n_live_tup / 5) or n_mod_since_analyze >= greatest(?, n_live_tup / 10)
                           or (last_analyze is null and last_autoanalyze is null and n_live_tup + n_dead_tup > 0))
                    order by relname""")) {
                ps.setLong(1, deadRows);
                ps.setLong(2, deadRows);
                ps.setLong(3, deadRows);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        (rs.getBoolean(2) ? vacuum : analyze).add(rs.getString(1));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (String table : vacuum) {
                    s.execute("vacuum (analyze) " + table);
                }
                for (String table : analyze) {
                    s.execute("analyze " + table);
                }
            }
        }
        if (!vacuum.isEmpty() || !analyze.isEmpty()) {
            Log.debugf("table upkeep: vacuumed and analyzed %s; analyzed %s", vacuum, analyze);
        }
        return vacuum;
    }
}
