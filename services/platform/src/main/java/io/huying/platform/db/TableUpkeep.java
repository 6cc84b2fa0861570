package io.huying.platform.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
 * (docs/benchmarks.md). Every {@code huying.db.upkeep-every} this looks at the service's tables and
 * runs {@code VACUUM (ANALYZE)} on those with at least {@code huying.db.upkeep-dead-rows} dead rows,
 * as many changes since their last analyze, or never analyzed. With autovacuum on it does nothing.
 */
@ApplicationScoped
public class TableUpkeep {
    private final AgroalDataSource dataSource;
    private final Duration every;
    private final long deadRows;
    private volatile Thread worker;

    public TableUpkeep(AgroalDataSource dataSource,
            @ConfigProperty(name = "huying.db.upkeep-every", defaultValue = "1m") Duration every,
            @ConfigProperty(name = "huying.db.upkeep-dead-rows", defaultValue = "1000") long deadRows) {
        this.dataSource = dataSource;
        this.every = every;
        this.deadRows = deadRows;
    }

    void onStart(@Observes StartupEvent event) {
        if (every.isZero() || every.isNegative()) {
            return;
        }
        Thread t = new Thread(this::run, "huying-table-upkeep");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread t = worker;
        worker = null;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        try {
            if (autovacuumOn()) {
                Log.info("table upkeep: PostgreSQL's autovacuum is on; nothing to do");
                return;
            }
            Log.infof("table upkeep: autovacuum is off; vacuuming busy tables every %s", every);
            while (worker != null) {
                Thread.sleep(every.toMillis());
                try {
                    upkeep();
                } catch (SQLException e) {
                    Log.warnf("table upkeep failed, trying again in %s: %s", every, e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            Log.warnf("table upkeep could not read the autovacuum setting and does not run: %s", e.getMessage());
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
