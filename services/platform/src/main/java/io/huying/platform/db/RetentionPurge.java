package io.huying.platform.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Retention: every {@code huying.retention.purge-every} (1 h; {@code off} in tests, which call
 * {@link #purge} themselves) deletes, 10,000 rows a statement,
 * <ul>
 * <li>processed-event rows, and the calls' trace contexts ({@code huying_call_trace}), older than
 * {@code huying.retention.processed-events} (60 days). A
 * consumer deduplicates on them, so this must exceed how long an event can come back: the topics'
 * retention (7 days) and the age of any dead letter still to be redriven;</li>
 * <li>idempotency keys older than {@code huying.retention.idempotency-keys} (7 days): a client
 * retries within minutes, and a key older than that is a new request;</li>
 * <li>audit-log rows older than {@code huying.retention.audit-log} (400 days), never younger than
 * 180 days whatever the setting (等保 2.0 keeps six months; the table's trigger refuses earlier deletes).</li>
 * </ul>
 */
@ApplicationScoped
public class RetentionPurge {
    /** The audit log keeps at least this long, whatever the setting (the trigger's bound, plus a day). */
    static final Duration AUDIT_MINIMUM = Duration.ofDays(181);
    private static final int BATCH = 10_000;

    /** What one purge removed. */
    public record Purged(long processedEvents, long idempotencyKeys, long auditEntries, long callTraces) {
    }

    private final AgroalDataSource dataSource;
    private final Duration processedEvents;
    private final Duration idempotencyKeys;
    private final Duration auditLog;

    public RetentionPurge(AgroalDataSource dataSource,
            @ConfigProperty(name = "huying.retention.processed-events", defaultValue = "60d") Duration processedEvents,
            @ConfigProperty(name = "huying.retention.idempotency-keys", defaultValue = "7d") Duration idempotencyKeys,
            @ConfigProperty(name = "huying.retention.audit-log", defaultValue = "400d") Duration auditLog) {
        this.dataSource = dataSource;
        this.processedEvents = processedEvents;
        this.idempotencyKeys = idempotencyKeys;
        this.auditLog = auditLog.compareTo(AUDIT_MINIMUM) < 0 ? AUDIT_MINIMUM : auditLog;
        if (auditLog.compareTo(AUDIT_MINIMUM) < 0) {
            Log.warnf("huying.retention.audit-log=%s is shorter than the six months the audit log keeps; keeping %d days", auditLog,
                    AUDIT_MINIMUM.toDays());
        }
    }

    @Scheduled(every = "${huying.retention.purge-every:1h}", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        try {
            Purged purged = purge(Instant.now());
            if (purged.processedEvents() + purged.idempotencyKeys() + purged.auditEntries() + purged.callTraces() > 0) {
                Log.infof("retention: purged %s", purged);
            }
        } catch (SQLException e) {
            Log.warnf("retention purge failed; it runs again at its next turn: %s", e.getMessage());
        }
    }

    /** Deletes what is older than its retention at {@code now}. */
    public Purged purge(Instant now) throws SQLException {
        return new Purged(
                deleteOlder("huying_processed_event", "processed_at", now.minus(processedEvents)),
                deleteOlder("huying_idempotency_key", "created_at", now.minus(idempotencyKeys)),
                deleteOlder("huying_audit_log", "occurred_at", now.minus(auditLog)),
                deleteOlder("huying_call_trace", "recorded_at", now.minus(processedEvents)));
    }

    private long deleteOlder(String table, String column, Instant cutoff) throws SQLException {
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "delete from " + table + " where ctid = any(array(select ctid from " + table + " where " + column + " < ? limit " + BATCH + "))")) {
            c.setAutoCommit(true);
            ps.setTimestamp(1, Timestamp.from(cutoff));
            int deleted;
            do {
                deleted = ps.executeUpdate();
                total += deleted;
            } while (deleted == BATCH);
        }
        return total;
    }
}
