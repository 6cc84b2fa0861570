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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vacuum and analyze of churned tables, on the real tests database. Autovacuum is switched off for the
 * table under test whatever the server's setting (off on the machines' PostgreSQL, on in the embedded
 * one the launcher starts when none listens), so autovacuum cannot clean the dead rows first.
 */
@QuarkusTest
class TableUpkeepTest {
    @Inject
    TableUpkeep upkeep;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void noAutovacuumOnTheTableUnderTest() throws SQLException {
        execute("alter table huying_processed_event set (autovacuum_enabled = false)");
    }

    @AfterEach
    void autovacuumAsTheServerSays() throws SQLException {
        execute("alter table huying_processed_event reset (autovacuum_enabled)");
    }

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

    @Test
    void aBigTableIsVacuumedOnlyWhenAFifthOfItIsDeadButAnalyzedWhenATenthChanged() throws Exception {
        upkeep.upkeep();
        execute("""
                insert into huying_processed_event (consumer, event_id)
                select 'upkeep-big', gen_random_uuid() from generate_series(1, 20000)""");
        try {
            execute("delete from huying_processed_event where consumer = 'upkeep-big' and event_id in "
                    + "(select event_id from huying_processed_event where consumer = 'upkeep-big' limit 1500)");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deadRows() >= 1500);

            long before = query("select cast(extract(epoch from clock_timestamp()) * 1000 as bigint)");
            assertThat(upkeep.upkeep()).as("1,500 dead rows of 20,000 do not call for a vacuum").doesNotContain("huying_processed_event");
            assertThat(query("""
                    select cast(extract(epoch from coalesce(last_analyze, '-infinity')) * 1000 as bigint)
                    from pg_stat_user_tables where relname = 'huying_processed_event'"""))
                    .as("but 21,500 changes call for an analyze").isGreaterThanOrEqualTo(before);
            assertThat(query("""
                    select count(*) from pg_stat_user_tables
                    where relname = 'huying_processed_event' and last_vacuum >= to_timestamp(%d / 1000.0)""".formatted(before)))
                    .as("not vacuumed by this pass").isZero();
        } finally {
            execute("delete from huying_processed_event where consumer = 'upkeep-big'");
            execute("vacuum (analyze) huying_processed_event"); // leave the statistics as small as the table
        }
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
