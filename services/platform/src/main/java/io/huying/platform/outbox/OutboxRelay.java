package io.huying.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.huying.contracts.kafka.EventRecords;
import io.huying.platform.health.Stalls;
import io.huying.platform.health.TransientFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
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
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
 * <p>It runs on its own thread with JDBC. The work that appended rows reports its commit
 * ({@link #committed()}) and wakes it, so an event leaves within milliseconds and a woken look
 * finds rows: a consumer's batch, intake's raises, any write request (a response filter reports it)
 * and the services' timers all report. What did not report is found at the next idle look, every
 * {@code huying.outbox.idle-wait}, which also finds the rows of other instances; an idle look in a
 * quiet service finds none, and costs one short transaction. There is no NOTIFY: at commit,
 * PostgreSQL serializes every notifying transaction of the whole server on one lock held through the
 * commit's WAL flush, which capped intake near 75 calls/s on a 2-core machine (docs/benchmarks.md).
 */
@ApplicationScoped
public class OutboxRelay {
    /** Advisory-lock key shared by every relay of one database. */
    private static final long RELAY_LOCK = 0x48_55_59_49_4E_47L; // "HUYING"
    /**
     * On the Vert.x context of the work that appended rows: set by {@link #expect()}, taken by
     * {@link #committed()}, so only a commit that did append wakes the relay.
     */
    private static final String APPENDED = "huying.outbox.appended";
    /** Work without a Vert.x context that reports a commit wakes the relay if rows were appended this lately. */
    private static final long UNTRACKED_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Its name among the service's {@link Stalls}. */
    public static final String STALL = "outbox-relay";

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final Stalls stalls;
    private final String bootstrapServers;
    private final String clientId;

    private volatile Thread worker;
    private volatile boolean running;
    private KafkaProducer<String, String> producer;
    /** The relay thread's connection ({@link #connection()}). */
    private Connection connection;
    /** When (System.nanoTime) rows were last appended. */
    private volatile long appendedAt = System.nanoTime() - UNTRACKED_WINDOW_NANOS;
    private final AtomicBoolean woken = new AtomicBoolean();
    /** Looks that published rows ({@code huying_outbox_batches_total}) and the rows they published ({@code huying_outbox_published_total}). */
    private final Counter batches;
    private final Counter published;

    public OutboxRelay(AgroalDataSource dataSource, OutboxConfig config, Stalls stalls, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "huying.service") String service) {
        this.dataSource = dataSource;
        this.config = config;
        this.stalls = stalls;
        this.bootstrapServers = bootstrapServers;
        this.clientId = "huying-" + service + "-outbox";
        this.batches = Counter.builder("huying.outbox.batches")
                .description("Looks of the outbox relay that published rows, each in one transaction").register(registry);
        this.published = Counter.builder("huying.outbox.published").description("Outbox rows published to Kafka").register(registry);
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
        worker = new Thread(this::supervise, clientId);
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

    /**
     * The work in progress is appending rows and will report its commit ({@link #committed()}). On a
     * Vert.x (duplicated) context it is remembered there; the relay itself is not woken, as the rows
     * are not committed yet.
     */
    public void expect() {
        appendedAt = System.nanoTime();
        if (VertxContext.isOnDuplicatedContext()) {
            ContextLocals.put(APPENDED, Boolean.TRUE);
        }
    }

    /**
     * The work in progress has committed: if it appended rows ({@link #expect()} on its context), the
     * relay publishes them now. Call it after any transaction that may have appended rows; after one
     * that did not, it costs nothing. Without a Vert.x context it wakes the relay if any rows were
     * appended within the last second.
     */
    public void committed() {
        boolean appended = VertxContext.isOnDuplicatedContext()
                ? ContextLocals.remove(APPENDED)
                : System.nanoTime() - appendedAt < UNTRACKED_WINDOW_NANOS;
        if (appended) {
            woken.set(true);
            wake();
        }
    }

    private void wake() {
        Thread t = worker;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Rows not yet published. */
    public long pending() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from huying_outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The relay thread: publishes until stopped. Whatever escapes a look — an Error included — is
     * logged, reported as a stall and followed by a fresh look after backoff; the thread ends only
     * when the relay is stopped.
     */
    private void supervise() {
        Duration backoff = config.initialBackoff();
        while (running) {
            try {
                run();
                backoff = config.initialBackoff();
            } catch (Throwable e) {
                Log.errorf(e, "outbox relay: %s; restarting in %d ms", Stalls.describe(e), backoff.toMillis());
                stalls.stalled(STALL, e);
                closeProducerQuietly();
                closeConnection();
                if (!sleep(backoff)) {
                    break;
                }
                backoff = twice(backoff);
            }
        }
        stalls.recovered(STALL);
    }

    private void run() {
        Duration backoff = config.initialBackoff();
        while (running) {
            try {
                int published = publishBatch();
                backoff = config.initialBackoff();
                stalls.recovered(STALL);
                if (published < config.batchSize()) {
                    awaitWork();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                Log.warnf("outbox relay: %s; retrying in %d ms", describe(e), backoff.toMillis());
                stalls.stalled(STALL, e);
                closeProducer();
                if (!sleep(backoff)) {
                    break;
                }
                backoff = twice(backoff);
            }
        }
        Thread.interrupted(); // stop() interrupts the wait; closing the producer must not see that flag
        closeProducer();
        closeConnection();
    }

    private Duration twice(Duration backoff) {
        return backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : backoff.multipliedBy(2);
    }

    private void closeProducerQuietly() {
        try {
            closeProducer();
        } catch (Throwable e) {
            producer = null;
        }
    }

    /**
     * Publishes up to one batch; returns how many rows it published. The rows are taken (deleted) in
     * the transaction's one statement and the transaction is held open until Kafka has acknowledged
     * them all, then committed: a batch costs one statement and one commit. If Kafka fails part-way,
     * the transaction rolls back, every row is back, and a second transaction deletes only those
     * Kafka acknowledged and counts the failure on the row that failed.
     */
    int publishBatch() throws SQLException, InterruptedException {
        Connection c = connection();
        try {
            // Commits reported from here on may hold rows this look does not see: they call for
            // another look. Those reported before committed before this statement began, so it
            // sees their rows, and a wake they left would only bring an empty look.
            woken.set(false);
            List<Row> rows = takeUnpublished(c);
            if (rows.isEmpty()) {
                c.commit();
                return 0;
            }
            List<UUID> acknowledged = new ArrayList<>(rows.size());
            Exception failure = send(rows, acknowledged);
            if (failure == null) {
                // A dead thread publishes nothing: an Error goes to supervise() after the rollback below.
                c.commit();
                batches.increment();
                published.increment(acknowledged.size());
                return acknowledged.size();
            }
            c.rollback();
            deletePublished(c, acknowledged);
            recordFailure(c, rows.get(acknowledged.size()).id(), failure);
            c.commit();
            throw new SQLException("publishing failed after " + acknowledged.size() + " of " + rows.size() + " rows", failure);
        } catch (SQLException | RuntimeException | InterruptedException | Error e) {
            rollbackQuietly(c);
            closeConnection();
            throw e;
        }
    }

    /**
     * The relay's own connection, kept from look to look (this thread's only) and replaced after a
     * failure. It rules out sequential scans for its session: the outbox is a queue, and once a backlog
     * has grown its file (deleted rows leave the space behind), the planner at times read the whole
     * file and sorted it at every look instead of reading the first rows of the {@code seq} index —
     * 3.9 ms a look on the SLA engine's 28 MB outbox holding 400 rows (docs/benchmarks.md). Set once
     * here, the setting is in force when the look's statement is planned, which a setting made in
     * that statement would not be.
     *
     * <p>Its commits do not wait for the WAL to reach the disk ({@code synchronous_commit = off}): a
     * relay's commit only deletes rows Kafka already holds, so if the server loses it in a crash the
     * rows come back and are published again, which consumers, deduplicating on the event id, take as
     * the redelivery they already handle. The flush of every other write's commit stays synchronous.
     */
    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = dataSource.getConnection();
            try (Statement s = c.createStatement()) {
                s.execute("set enable_seqscan = off");
                s.execute("set synchronous_commit = off");
                c.setAutoCommit(false);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                Log.debug("closing the outbox connection failed", e);
            }
            connection = null;
        }
    }

    /**
     * In one statement: the relay lock for this transaction (evaluated once, before any row is read;
     * held by another instance, the look finds nothing), and the oldest unpublished rows, locked and
     * deleted, in commit order. Deleted here, they stay until the commit, which follows Kafka's
     * acknowledgements; a rollback brings them back.
     */
    private List<Row> takeUnpublished(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                delete from huying_outbox where id in (
                    select id from huying_outbox
                    where (select pg_try_advisory_xact_lock(?))
                    order by seq limit ? for update skip locked)
                returning seq, id, topic, message_key, event_type, payload, traceparent""")) {
            ps.setLong(1, RELAY_LOCK);
            ps.setInt(2, config.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)));
                }
            }
        }
        // RETURNING keeps no order.
        rows.sort(Comparator.comparingLong(Row::seq));
        return rows;
    }

    /** Sends all rows, then waits for each acknowledgement in order; stops at the first failure. */
    private Exception send(List<Row> rows, List<UUID> acknowledged) throws InterruptedException {
        KafkaProducer<String, String> p = producer();
        List<Future<RecordMetadata>> futures = new ArrayList<>(rows.size());
        try {
            for (Row row : rows) {
                futures.add(p.send(EventRecords.of(row.topic(), row.key(), row.id(), row.type(), row.payload(), row.traceparent())));
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
     * After a failed batch: Kafka holds what it acknowledged, so those rows go. A delete leaves one dead
     * tuple and no new index entries, where stamping rows published rewrote every row and its indexes.
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

    /**
     * Counts a failed attempt on the row that failed. A row Kafka refuses for good (not a
     * {@link TransientFailures transient} failure: too large, an invalid topic, not authorised) is
     * parked after {@code huying.outbox.max-attempts} such attempts — moved, with its error, to
     * {@code huying_outbox_parked}, where the admin API shows it — so the rows behind it flow on.
     * A broker out of reach never parks a row.
     */
    private void recordFailure(Connection c, UUID id, Exception failure) throws SQLException {
        boolean permanent = !TransientFailures.isTransient(failure);
        try (PreparedStatement ps = c.prepareStatement(
                "update huying_outbox set attempts = attempts + ?, last_error = ? where id = ? returning attempts")) {
            ps.setInt(1, permanent ? 1 : 0);
            ps.setString(2, describe(failure));
            ps.setObject(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (permanent && rs.next() && rs.getInt(1) >= config.maxAttempts()) {
                    park(c, id);
                }
            }
        }
    }

    private void park(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                with parked as (delete from huying_outbox where id = ? returning *)
                insert into huying_outbox_parked (id, seq, topic, message_key, event_type, payload, created_at, attempts, last_error, traceparent)
                select id, seq, topic, message_key, event_type, payload, created_at, attempts, last_error, traceparent from parked""")) {
            ps.setObject(1, id);
            if (ps.executeUpdate() > 0) {
                Log.errorf("outbox relay: parked event %s after %d attempts Kafka refused; the rows behind it flow on (admin API: parked outbox rows)",
                        id, config.maxAttempts());
            }
        }
    }

    /**
     * Returns when there may be rows to publish: after a reported commit ({@link #committed()}), once
     * the linger (none by default) has passed; otherwise after the idle wait.
     */
    private void awaitWork() throws InterruptedException {
        if (!woken.get()) {
            LockSupport.parkNanos(this, config.idleWait().toNanos());
        }
        if (woken.getAndSet(false)) {
            linger();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** {@code huying.outbox.linger}: after a reported commit, wait that long so that later commits' rows join the batch. */
    private void linger() {
        long nanos = config.linger().toNanos();
        long until = System.nanoTime() + nanos;
        while (nanos > 0 && running) {
            LockSupport.parkNanos(this, nanos);
            nanos = until - System.nanoTime();
        }
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
        return Stalls.describe(e);
    }

    private record Row(long seq, UUID id, String topic, String key, String type, String payload, String traceparent) {
    }
}
