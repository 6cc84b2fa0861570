package io.huying.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Vacuum and analyze of churned tables, on the real tests database (whose autovacuum is off here). */
@QuarkusTest
class TableUpkeepTest {
    @Inject
    TableUpkeep upkeep;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aTableWithManyDeadRowsIsVacuumedAndAnalyzed() throws Exception {
        upkeep.upkeep(); // start from tables that need nothing
        execute("""
                insert into huying_processed_event (consumer, event_id)
                select 'upkeep-test', gen_random_uuid() from generate_series(1, 1500)""");
        execute("delete from huying_processed_event where consumer = 'upkeep-test'");
        // The statistics collector learns of the dead rows within a second or so.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deadRows() >= 1500);

        long before = query("select cast(extract(epoch from clock_timestamp()) * 1000 as bigint)");
        assertThat(upkeep.upkeep()).as("tables vacuumed").contains("huying_processed_event");

        // The other tests' consumer churns the same table meanwhile, so some dead rows may come back at once.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(deadRows()).as("dead rows left after the vacuum").isLessThan(1500);
            assertThat(query("""
                    select cast(extract(epoch from least(last_vacuum, last_analyze)) * 1000 as bigint)
                    from pg_stat_user_tables where relname = 'huying_processed_event'"""))
                    .as("vacuumed and analyzed by this pass").isGreaterThanOrEqualTo(before);
        });
    }

    private long deadRows() throws SQLException {
        return query("select n_dead_tup from pg_stat_user_tables where relname = 'huying_processed_event'");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long query(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
