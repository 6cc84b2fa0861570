package io.huying.platform.outbox;

import io.huying.contracts.kafka.EventRecords;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;

/**
 * Publishes outbox rows to Kafka, in commit order, and deletes them once Kafka has them.
 *
 * <p>One relay publishes at a time across all instances of a service: each batch takes a
 * transaction-scoped advisory lock, so per-call order is kept and no two instances publish the
 * same row; the rows are also locked ({@code FOR UPDATE SKIP LOCKED}). A row is deleted only
 * after Kafka acknowledged it (acks=all, idempotent producer); after a failure the remaining
 * rows are tried again with backoff, so an event is never lost. A commit that fails after Kafka
 * acknowledged can publish a row twice: consumers deduplicate on the event id.
 *
 * <p>It runs on its own thread with JDBC, waking on the NOTIFY that the outbox trigger sends at
 * commit, so an event leaves within milliseconds without polling the table hard.
 */
@ApplicationScoped
public class OutboxRelay {
    /** Advisory-lock key shared by every relay of one database. */
    private static final long RELAY_LOCK = 0x48_55_59_49_4E_47L; // "HUYING"
    private static final String CHANNEL = "huying_outbox";

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final String bootstrapServers;
    private final String clientId;

    private volatile Thread worker;
    private volatile boolean running;
    private KafkaProducer<String, String> producer;
    private Connection listener;

    public OutboxRelay(AgroalDataSource dataSource, OutboxConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "huying.service") String service) {
        this.dataSource = dataSource;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.clientId = "huying-" + service + "-outbox";
    }

    void onStart(@Observes StartupEvent event) {
        if (config.relayEnabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = new Thread(this::run, clientId);
        worker.setDaemon(true);
        worker.start();
        Log.infof("outbox relay started, publishing to %s", bootstrapServers);
    }

    /** Stops publishing; unpublished rows stay in the table for the next start (or another instance). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
        Log.info("outbox relay stopped");
    }

    public boolean isRunning() {
        return running;
    }

    /** Rows not yet published. */
    public long pending() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from huying_outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void run() {
        Duration backoff = config.initialBackoff();
        while (running) {
            try {
                int published = publishBatch();
                backoff = config.initialBackoff();
                if (published < config.batchSize()) {
                    awaitCommitNotification();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                Log.warnf("outbox relay: %s; retrying in %d ms", describe(e), backoff.toMillis());
                closeProducer();
                closeListener();
                if (!sleep(backoff)) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : backoff.multipliedBy(2);
            }
        }
        Thread.interrupted(); // stop() interrupts the wait; closing the producer must not see that flag
        closeProducer();
        closeListener();
    }

    /** Publishes up to one batch in one transaction; returns how many rows it published. */
    int publishBatch() throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryRelayLock(c)) {
                    c.rollback();
                    return 0;
                }
                List<Row> rows = lockUnpublished(c);
                if (rows.isEmpty()) {
                    c.commit();
                    return 0;
                }
                List<UUID> acknowledged = new ArrayList<>(rows.size());
                Exception failure = send(rows, acknowledged);
                deletePublished(c, acknowledged);
                if (failure != null) {
                    recordFailure(c, rows.get(acknowledged.size()).id(), failure);
                }
                c.commit();
                if (failure != null) {
                    throw new SQLException("publishing failed after " + acknowledged.size() + " of " + rows.size() + " rows", failure);
                }
                return acknowledged.size();
            } catch (SQLException | RuntimeException | InterruptedException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private boolean tryRelayLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, RELAY_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private List<Row> lockUnpublished(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select id, topic, message_key, event_type, payload from huying_outbox
                order by seq limit ? for update skip locked""")) {
            ps.setInt(1, config.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return rows;
    }

    /** Sends all rows, then waits for each acknowledgement in order; stops at the first failure. */
    private Exception send(List<Row> rows, List<UUID> acknowledged) throws InterruptedException {
        KafkaProducer<String, String> p = producer();
        List<Future<RecordMetadata>> futures = new ArrayList<>(rows.size());
        try {
            for (Row row : rows) {
                futures.add(p.send(EventRecords.of(row.topic(), row.key(), row.id(), row.type(), row.payload())));
            }
            p.flush(); // send now rather than after linger.ms: the relay waits for the acknowledgements anyway
        } catch (RuntimeException e) {
            return awaitAcknowledgements(rows, futures, acknowledged, e);
        }
        return awaitAcknowledgements(rows, futures, acknowledged, null);
    }

    private Exception awaitAcknowledgements(List<Row> rows, List<Future<RecordMetadata>> futures, List<UUID> acknowledged,
            Exception sendFailure) throws InterruptedException {
        long deadline = System.nanoTime() + config.deliveryTimeout().plusSeconds(5).toNanos();
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(rows.get(i).id());
            } catch (ExecutionException e) {
                return (Exception) e.getCause();
            } catch (TimeoutException e) {
                return e;
            }
        }
        return sendFailure;
    }

    /**
     * Kafka holds what was acknowledged, so its rows go: a delete leaves one dead tuple and no new
     * index entries, where stamping them published rewrote every row and its indexes (half of the
     * database's work for a busy relay).
     */
    private void deletePublished(Connection c, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("delete from huying_outbox where id = any(?)")) {
            Array array = c.createArrayOf("uuid", ids.toArray());
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    private void recordFailure(Connection c, UUID id, Exception failure) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update huying_outbox set attempts = attempts + 1, last_error = ? where id = ?")) {
            ps.setString(1, describe(failure));
            ps.setObject(2, id);
            ps.executeUpdate();
        }
    }

    private void awaitCommitNotification() throws SQLException {
        if (listener == null) {
            listener = dataSource.getConnection();
            listener.setAutoCommit(true);
            try (Statement s = listener.createStatement()) {
                s.execute("listen " + CHANNEL);
            }
        }
        listener.unwrap(PGConnection.class).getNotifications((int) config.idleWait().toMillis());
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis());
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(10_000, config.deliveryTimeout().toMillis()));
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.deliveryTimeout().toMillis());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                Log.debug("closing the outbox producer failed", e);
            }
            producer = null;
        }
    }

    private void closeListener() {
        if (listener != null) {
            try {
                listener.close();
            } catch (SQLException e) {
                Log.debug("closing the outbox listener failed", e);
            }
            listener = null;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            Log.debug("rollback failed", e);
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        if (e.getCause() != null && e.getCause() != e) {
            s.append(" (").append(e.getCause().getClass().getSimpleName()).append(": ").append(e.getCause().getMessage()).append(')');
        }
        return s.toString();
    }

    private record Row(UUID id, String topic, String key, String type, String payload) {
    }
}
