package io.huying.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Retention: old processed-event rows, idempotency keys and audit entries go; recent ones, and any audit entry under six months, stay. */
@QuarkusTest
class RetentionPurgeTest {
    private static final String DATABASE = "platform_test";

    @Inject
    RetentionPurge purge;

    @Test
    void rowsPastTheirRetentionArePurgedAndTheRestKept() throws Exception {
        UUID oldEvent = UUID.randomUUID();
        UUID newEvent = UUID.randomUUID();
        String oldKey = "old-" + UUID.randomUUID();
        String newKey = "new-" + UUID.randomUUID();
        String oldUser = "auditee-" + UUID.randomUUID();
        String recentUser = "auditee-" + UUID.randomUUID();
        execute("insert into huying_processed_event (consumer, event_id, processed_at) values ('retention-test', '" + oldEvent
                + "', now() - interval '61 days'), ('retention-test', '" + newEvent + "', now() - interval '59 days')");
        execute("insert into huying_idempotency_key (scope, key, request_hash, created_at) values ('retention-test', '" + oldKey
                + "', 'h', now() - interval '8 days'), ('retention-test', '" + newKey + "', 'h', now() - interval '6 days')");
        execute("insert into huying_audit_log (occurred_at, username, action, target, status, outcome) values (now() - interval '401 days', '"
                + oldUser + "', 'POST /x', '/x', 201, 'SUCCEEDED'), (now() - interval '179 days', '" + recentUser
                + "', 'POST /x', '/x', 201, 'SUCCEEDED')");

        RetentionPurge.Purged purged = purge.purge(Instant.now());

        assertThat(purged.processedEvents()).isPositive();
        assertThat(count("select count(*) from huying_processed_event where event_id = '" + oldEvent + "'")).isZero();
        assertThat(count("select count(*) from huying_processed_event where event_id = '" + newEvent + "'")).isOne();
        assertThat(count("select count(*) from huying_idempotency_key where key = '" + oldKey + "'")).isZero();
        assertThat(count("select count(*) from huying_idempotency_key where key = '" + newKey + "'")).isOne();
        assertThat(count("select count(*) from huying_audit_log where username = '" + oldUser + "'")).isZero();
        assertThat(count("select count(*) from huying_audit_log where username = '" + recentUser + "'")).isOne();
    }

    @Test
    void theAuditLogIsAppendOnly() throws Exception {
        String user = "auditee-" + UUID.randomUUID();
        execute("insert into huying_audit_log (username, action, target, status, outcome) values ('" + user + "', 'POST /x', '/x', 201, 'SUCCEEDED')");
        assertThatThrownBy(() -> execute("update huying_audit_log set outcome = 'FAILED' where username = '" + user + "'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> execute("delete from huying_audit_log where username = '" + user + "'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> execute("truncate huying_audit_log"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThat(count("select count(*) from huying_audit_log where username = '" + user + "' and outcome = 'SUCCEEDED'")).isOne();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = LocalInfra.connect(DATABASE); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(String sql) {
        return LocalInfra.queryLong(DATABASE, sql);
    }
}
