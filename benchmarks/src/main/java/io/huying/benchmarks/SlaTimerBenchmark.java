package io.huying.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The SLA engine's timers under a large open book (issue 4, item 11), against a running sla
 * service ({@code deploy/local/huying up}):
 * <ol>
 * <li><b>Open clocks</b>: tops the {@code sla} database up to {@code --open} running clocks (default
 * 1,000,000), each with its 50 %, 75 % and breach timers due weeks ahead — the book the poller's
 * index has to skip over.</li>
 * <li><b>Burst</b>: {@code --burst} clocks whose breach falls due at the same instant: the firing
 * rate is how fast the service works through them (timers/s, from the fired_at stamps).</li>
 * <li><b>Paced</b>: {@code --paced-rate} breaches per second for {@code --paced-seconds}: the delay
 * from each deadline to the timer firing (fired_at) and to the breach being on Kafka
 * ({@code huying.sla} record time), p50/p99/max.</li>
 * </ol>
 * and the resident memory of the sla JVM before and after. Benchmark clocks are DISPATCH clocks of
 * made-up calls ({@code clock_key} {@code BENCH:…}); {@code --cleanup yes} deletes them.
 */
public final class SlaTimerBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> args;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private SlaTimerBenchmark(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>(Map.of(
                "db", "jdbc:postgresql://127.0.0.1:5432/sla",
                "kafka", "127.0.0.1:9092",
                "open", "1000000",
                "burst", "50000",
                "paced-rate", "1000",
                "paced-seconds", "30",
                "pid-file", "deploy/local/.run/pids/svc-sla.pid",
                "cleanup", "no"));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new SlaTimerBenchmark(args).run();
    }

    private void run() throws Exception {
        try (Connection db = DriverManager.getConnection(args.get("db"), "postgres", "postgres")) {
            if (args.get("cleanup").equals("yes")) {
                long t = System.nanoTime();
                int deleted = update(db, "delete from sla_clock where clock_key like 'BENCH:%'");
                System.out.printf("deleted %,d benchmark clocks (and their timers) in %.1f s%n", deleted, seconds(t));
                return;
            }
            System.out.printf("sla JVM resident memory before: %s%n", rss());
            seedOpenClocks(db, Integer.parseInt(args.get("open")));
            System.out.printf("sla JVM resident memory with the open book: %s%n", rss());
            burst(db, Integer.parseInt(args.get("burst")));
            paced(db, Integer.parseInt(args.get("paced-rate")), Integer.parseInt(args.get("paced-seconds")));
            System.out.printf("sla JVM resident memory after: %s%n", rss());
            System.out.printf("tables: sla_clock %s, sla_timer %s, open clocks %,d, unfired timers %,d%n",
                    text(db, "select pg_size_pretty(pg_total_relation_size('sla_clock'))"),
                    text(db, "select pg_size_pretty(pg_total_relation_size('sla_timer'))"),
                    count(db, "select count(*) from sla_clock where state = 'RUNNING'"),
                    count(db, "select count(*) from sla_timer where fired_at is null"));
        }
    }

    /** Running clocks with timers weeks ahead, inserted set-based in chunks until {@code target} benchmark clocks exist. */
    private void seedOpenClocks(Connection db, int target) throws SQLException {
        long existing = count(db, "select count(*) from sla_clock where clock_key like 'BENCH:open:%'");
        long t = System.nanoTime();
        for (long from = existing; from < target; from += 100_000) {
            long to = Math.min(target, from + 100_000);
            insertClocks(db, "open", from, to, "now() + interval '10 days' + (n % 20) * interval '1 day' + (n % 86400) * interval '1 second'",
                    true);
            System.out.printf("  open clocks: %,d of %,d (%.0f s)%n", to, target, seconds(t));
        }
        System.out.printf("open book: %,d benchmark clocks running (%,d added in %.1f s)%n", Math.max(existing, target),
                Math.max(0, target - existing), seconds(t));
    }

    /** {@code n} breaches due at one instant: how many timers per second the service fires. */
    private void burst(Connection db, int n) throws Exception {
        String label = "burst-" + run;
        Timestamp lastDue = insertClocks(db, label, 0, n, "date_trunc('second', now()) + interval '8 seconds'", false);
        System.out.printf("burst: %,d breaches due at one instant, 8 s from now%n", n);
        awaitFired(db, label, n, lastDue, Duration.ofMinutes(10));
        try (PreparedStatement ps = db.prepareStatement("""
                select min(t.due_at), max(t.fired_at), extract(epoch from max(t.fired_at) - min(t.due_at)),
                       extract(epoch from min(t.fired_at) - min(t.due_at))
                from sla_timer t join sla_clock c on c.id = t.clock_id where c.clock_key like ?""")) {
            ps.setString(1, "BENCH:" + label + ":%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double span = rs.getDouble(3);
                System.out.printf("burst: all %,d fired %.2f s after their deadline (first after %.3f s): %,.0f timers/s%n",
                        n, span, rs.getDouble(4), n / span);
            }
        }
    }

    /** {@code rate} breaches a second for {@code secs} seconds: delay from deadline to fired and to Kafka. */
    private void paced(Connection db, int rate, int secs) throws Exception {
        String label = "paced-" + run;
        int n = rate * secs;
        Map<TopicPartition, Long> start;
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor("huying.sla").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            start = consumer.endOffsets(partitions);
        }
        // deadline i = start + i / rate seconds
        Timestamp lastDue = insertClocks(db, label, 0, n, "date_trunc('second', now()) + interval '10 seconds' + n * interval '1 microsecond' * " + (1_000_000 / rate),
                false);
        System.out.printf("paced: %,d breaches, %,d/s for %d s, the first 10 s from now%n", n, rate, secs);
        awaitFired(db, label, n, lastDue, Duration.ofSeconds(secs + 600));
        List<Double> fired = new ArrayList<>();
        Map<String, Long> deadlines = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("""
                select c.id::text, extract(epoch from t.due_at) * 1000, extract(epoch from t.fired_at - t.due_at) * 1000
                from sla_timer t join sla_clock c on c.id = t.clock_id where c.clock_key like ?""")) {
            ps.setString(1, "BENCH:" + label + ":%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deadlines.put(rs.getString(1), Math.round(rs.getDouble(2)));
                    fired.add(rs.getDouble(3));
                }
            }
        }
        report("paced: deadline → timer fired (ms)", fired);
        report("paced: deadline → breach on huying.sla (ms)", announced(start, deadlines));
    }

    /** Breach events of the given clocks on huying.sla after {@code start}: Kafka record time minus the deadline. */
    private List<Double> announced(Map<TopicPartition, Long> start, Map<String, Long> deadlines) throws Exception {
        List<Double> delays = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long giveUp = System.currentTimeMillis() + 120_000;
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            while (seen.size() < deadlines.size() && System.currentTimeMillis() < giveUp) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!r.value().contains("huying.sla.breached.v1")) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(r.value());
                    String clockId = event.at("/data/clockId").asText();
                    Long deadline = deadlines.get(clockId);
                    if (deadline != null && seen.add(clockId)) {
                        delays.add((double) (r.timestamp() - deadline));
                    }
                }
            }
        }
        if (seen.size() < deadlines.size()) {
            System.out.printf("  only %,d of %,d breaches reached huying.sla within 2 minutes%n", seen.size(), deadlines.size());
        }
        return delays;
    }

    /**
     * Inserts running DISPATCH clocks {@code from..to} of series {@code label} (made-up calls of 金沙街道),
     * with a breach timer due at {@code dueSql} (an SQL expression of {@code n}); the open book's
     * clocks also get their 50 % and 75 % warnings, due a day and half a day earlier.
     */
    /** Inserts running clocks {@code from}..{@code to} with their breach timers due at {@code dueSql}; returns the last deadline. */
    private static Timestamp insertClocks(Connection db, String label, long from, long to, String dueSql, boolean warnings) throws SQLException {
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("create temporary table if not exists bench_clock (id uuid, due timestamptz) on commit drop");
            s.executeUpdate(String.format(Locale.ROOT, """
                    insert into bench_clock select gen_random_uuid(), %s from generate_series(%d, %d) n""", dueSql, from, to - 1));
            s.executeUpdate(String.format(Locale.ROOT, """
                    insert into sla_clock (id, clock_key, kind, call_id, number, unit_path, street_path, category_code, urgency,
                        state, started_at, duration_amount, duration_unit, warning_thresholds, policy_version, calendar_version,
                        deadline, warnings_at)
                    select id, 'BENCH:%s:' || id, 'DISPATCH', gen_random_uuid(), 'JS-20261128-9' || lpad((row_number() over ())::text, 7, '0'),
                        '/baiyun/jinsha', '/baiyun/jinsha', 'SR-01', 'ROUTINE', 'RUNNING', now(), 4, 'WORKING_HOURS', '50,75',
                        '2026.1', '2026.1', due, ''
                    from bench_clock""", label));
            s.executeUpdate("""
                    insert into sla_timer (clock_id, step, kind, due_at) select id, 'BREACH', 'BREACH', due from bench_clock""");
            if (warnings) {
                s.executeUpdate("""
                        insert into sla_timer (clock_id, step, kind, threshold, due_at)
                        select id, 'WARNING:' || w.threshold, 'WARNING', w.threshold, due - w.ahead
                        from bench_clock, (values (50, interval '1 day'), (75, interval '12 hours')) w(threshold, ahead)""");
            }
            Timestamp last;
            try (ResultSet rs = s.executeQuery("select max(due) from bench_clock")) {
                rs.next();
                last = rs.getTimestamp(1);
            }
            db.commit();
            return last;
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /**
     * Waits until no timer due by {@code lastDue} (the run's last deadline) is left unfired. Counted
     * through the poller's own partial index on unfired timers: watching must not load the database
     * it measures.
     */
    private static void awaitFired(Connection db, String label, int n, Timestamp lastDue, Duration max) throws Exception {
        long giveUp = System.nanoTime() + max.toNanos();
        long last = -1;
        while (System.nanoTime() < giveUp) {
            long left;
            try (PreparedStatement ps = db.prepareStatement("select count(*) from sla_timer where fired_at is null and due_at <= ?")) {
                ps.setTimestamp(1, lastDue);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    left = rs.getLong(1);
                }
            }
            if (left == 0) {
                return;
            }
            if (left != last && left < n) {
                System.out.printf("  %s: %,d of %,d fired%n", label, n - left, n);
                last = left;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(label + ": not every timer fired within " + max);
    }

    private static void report(String what, List<Double> values) {
        if (values.isEmpty()) {
            System.out.printf("%s: no values%n", what);
            return;
        }
        List<Double> v = new ArrayList<>(values);
        v.sort(Double::compare);
        System.out.printf("%s: n %,d  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n", what, v.size(), at(v, 0.50), at(v, 0.90),
                at(v, 0.99), v.get(v.size() - 1));
    }

    private static double at(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }

    private String rss() {
        try {
            String pid = Files.readString(Path.of(args.get("pid-file"))).strip().split("\\s+")[0];
            return Files.readAllLines(Path.of("/proc", pid, "status")).stream().filter(l -> l.startsWith("VmRSS"))
                    .map(l -> l.replaceAll("\\s+", " ").replace("VmRSS: ", "")).findFirst().orElse("?");
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args.get("kafka"));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "huying-bench-sla-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static int update(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
