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
 * {@link #upkeep} themselves) this looks at the service's tables and
 * runs {@code VACUUM (ANALYZE)} on those with at least {@code huying.db.upkeep-dead-rows} dead rows,
 * as many changes since their last analyze, or never analyzed. With autovacuum on it does nothing.
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
    /** Vacuums and analyzes the tables that need it, now; returns their names. */
    public List<String> upkeep() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true); // VACUUM cannot run inside a transaction
            try (PreparedStatement ps = c.prepareStatement("""
                    select quote_ident(relname) from pg_stat_user_tables
                    where schemaname = current_schema()
                      and (n_dead_tup >= ? or n_mod_since_analyze >= greatest(?, n_live_tup / 10)
                           or (last_analyze is null and last_autoanalyze is null and n_live_tup + n_dead_tup > 0))
                    order by relname""")) {
                ps.setLong(1, deadRows);
                ps.setLong(2, deadRows);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (String table : tables) {
                    s.execute("vacuum (analyze) " + table);
                }
            }
        }
        if (!tables.isEmpty()) {
            Log.debugf("table upkeep: vacuumed and analyzed %s", tables);
        }
        return tables;
    }
}
