package io.huying.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Load harness for {@code POST /api/calls} against a running system (deploy/local/huying up).
 *
 * <p>Open-loop mode ({@code --rate N}) sends N calls/s on a fixed schedule and measures latency
 * from each request's scheduled time, so a slow server cannot hide queueing (no coordinated
 * omission). Max mode ({@code --rate 0 --concurrency C}) keeps C requests in flight to find the
 * sustained throughput. {@code --cancel-fraction F} gives that share of requests a client timeout
 * of a few milliseconds, abandoning them mid-flight as impatient clients do.
 *
 * <p>Afterwards it counts, for this run only, the calls stored in the intake database and the
 * events announced on huying.calls, and reports calls without an event (must be 0) and
 * duplicated events.
 *
 * <p>{@code --wrk yes} drives the load with wrk instead (far cheaper in CPU than a JVM client on a
 * shared machine): {@code --concurrency} connections, each pausing {@code --delay-ms} between
 * requests, so about concurrency × 1000 / (delay + response time) calls/s are offered.
 *
 * <p>Chain mode ({@code --chain yes}) raises only calls that a routing rule sends to a district
 * department, samples the consumer groups' lag every 10 s while it runs (a backlog that grows is
 * a rate the system cannot sustain), then waits for every accepted call's lead task to reach the
 * department inbox and reports accepted → in-inbox latency (intake's raise time to the moment
 * response stored the task) and the number of lead tasks per call in dispatch and response
 * (each must be exactly 1). Run the system with merging off (HUYING_INTAKE_MERGE_WINDOW=0s), or
 * most calls are merged into look-alikes and never dispatched.
 */
public final class CallIntakeBenchmark {
    private static final String[] GRIDS = {
        "/baiyun/jinsha/fengling/grid-01", "/baiyun/jinsha/fengling/grid-02", "/baiyun/jinsha/fengling/grid-03",
        "/baiyun/jinsha/pingle/grid-01", "/baiyun/jinsha/pingle/grid-02"};
    private static final String[] CATEGORIES = {
        "SR-01", "SR-02", "SR-03", "SR-04", "SR-05", "WJ-01", "WJ-02", "WJ-03", "HW-01", "HW-02", "HW-03", "HW-04",
        "ZA-01", "ZA-02", "ZA-03", "XF-01", "XF-02", "XF-03", "MD-01", "MD-02", "MD-03", "GS-01", "GS-02", "GS-03",
        "GS-04", "ZY-01", "ZY-02", "SP-01", "SP-02", "SP-03"};
    /** Categories a street's call is routed by rule to a district department for (no manual queue). */
    private static final String[] ROUTED_FROM_STREET = {
        "SR-01", "SR-02", "SR-03", "SR-04", "SR-05", "WJ-01", "WJ-02", "WJ-03", "HW-01", "HW-02", "HW-03", "HW-04",
        "ZA-01", "ZA-02", "ZA-03", "XF-01", "XF-02", "XF-03", "GS-01", "GS-02", "GS-03", "GS-04", "ZY-01", "ZY-02",
        "SP-01", "SP-02", "SP-03"};
    private static final List<String> GROUPS = List.of("huying-dispatch", "huying-response", "huying-intake-timeline", "huying-feedback", "huying-sla",
            "huying-response-sla");
    private static final String[] URGENCY = {"一般", "一般", "一般", "紧急", "特急"};

    private final Map<String, String> args;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    /** Numbers every request of the run (warm-up included), so no two share an Idempotency-Key. */
    private long nextSeq;
    private volatile String token;

    private CallIntakeBenchmark(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>(Map.ofEntries(
                Map.entry("url", "http://127.0.0.1:8081"),
                Map.entry("keycloak", "http://127.0.0.1:8180/realms/huying"),
                Map.entry("kafka", "127.0.0.1:9092"),
                Map.entry("db", "jdbc:postgresql://127.0.0.1:5432/intake"),
                Map.entry("rate", "200"),
                Map.entry("duration", "60"),
                Map.entry("warmup", "10"),
                Map.entry("concurrency", "64"),
                Map.entry("cancel-fraction", "0"),
                Map.entry("chain", "no"),
                Map.entry("dispatch-db", "jdbc:postgresql://127.0.0.1:5432/dispatch"),
                Map.entry("response-db", "jdbc:postgresql://127.0.0.1:5432/response")));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new CallIntakeBenchmark(args).run();
    }

    private void run() throws Exception {
        int rate = Integer.parseInt(args.get("rate"));
        int duration = Integer.parseInt(args.get("duration"));
        int warmup = Integer.parseInt(args.get("warmup"));
        double cancelFraction = Double.parseDouble(args.get("cancel-fraction"));
        token = clientToken();

        Map<TopicPartition, Long> startOffsets = endOffsets();
        if (args.containsKey("wrk")) {
            runWrk(duration, warmup);
            reconcile(startOffsets);
            if (chain()) {
                chainReport();
            }
            return;
        }
        System.out.printf("run %s: %s, %d s warm-up, %d s measured, cancel fraction %.3f%n", runId,
                rate > 0 ? rate + " calls/s offered (open loop)" : args.get("concurrency") + " in flight (max throughput)",
                warmup, duration, cancelFraction);

        if (warmup > 0) {
            drive(rate, warmup, 0, false);
            latenciesMicros.clear();
            outcomes.clear();
            sent.set(0);
        }
        long started = System.nanoTime();
        LagSampler lag = chain() ? LagSampler.start(args.get("kafka"), GROUPS) : null;
        drive(rate, duration, cancelFraction, true);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (lag != null) {
            lag.stop();
        }

        long ok = outcomes.getOrDefault("201", new AtomicLong()).get();
        System.out.printf("%nsent %d in %.1f s; answered 201: %d (%.1f calls/s); outcomes %s%n",
                sent.get(), seconds, ok, ok / seconds, new java.util.TreeMap<>(outcomes));
        long[] sorted = latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length > 0) {
            System.out.printf("latency of 201s (ms): p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                    pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9), sorted[sorted.length - 1] / 1000.0);
        }
        reconcile(startOffsets);
        if (lag != null) {
            lag.print();
            chainReport();
        }
    }

    private boolean chain() {
        return "yes".equals(args.get("chain"));
    }

    /** Waits for every accepted call of the run to have its lead task in an inbox; latency and lead-task counts. */
    private void chainReport() throws Exception {
        Map<String, Long> raised = new HashMap<>();
        try (Connection c = DriverManager.getConnection(args.get("db"), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("select id::text, raised_at from calls where title like ? and status <> 'MERGED' and status <> 'REJECTED'")) {
            ps.setString(1, "bench-" + runId + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    raised.put(rs.getString(1), micros(rs.getTimestamp(2)));
                }
            }
        }
        String[] ids = raised.keySet().toArray(String[]::new);
        long waitStart = System.nanoTime();
        Map<String, long[]> inbox = Map.of();
        while (System.nanoTime() - waitStart < Duration.ofMinutes(10).toNanos()) {
            inbox = leadTasks(args.get("response-db"), """
                    select call_id::text, count(*), min(received_at) from inbox_task
                    where role = 'LEAD' and call_id = any (?::uuid[]) group by call_id""", ids);
            if (inbox.size() >= ids.length) {
                break;
            }
            Thread.sleep(1000);
        }
        System.out.printf("accepted calls of the run: %d; with their lead task in an inbox: %d (%.0f s after the load stopped)%n",
                ids.length, inbox.size(), (System.nanoTime() - waitStart) / 1e9);
        long[] latencies = inbox.entrySet().stream().mapToLong(e -> e.getValue()[1] - raised.get(e.getKey())).sorted().toArray();
        if (latencies.length > 0) {
            System.out.printf("accepted → in the department's inbox (ms): p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                    pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), pct(latencies, 99.9), latencies[latencies.length - 1] / 1000.0);
        }
        Map<String, long[]> dispatched = leadTasks(args.get("dispatch-db"), """
                select call_id::text, count(*), min(dispatched_at) from task
                where role = 'LEAD' and call_id = any (?::uuid[]) group by call_id""", ids);
        System.out.printf("lead tasks per call — dispatch: %d calls with exactly 1, %d with more, %d with none; "
                + "response inboxes: %d with exactly 1, %d with more, %d with none%n",
                dispatched.values().stream().filter(v -> v[0] == 1).count(), dispatched.values().stream().filter(v -> v[0] > 1).count(),
                ids.length - dispatched.size(),
                inbox.values().stream().filter(v -> v[0] == 1).count(), inbox.values().stream().filter(v -> v[0] > 1).count(),
                ids.length - inbox.size());
    }

    private static Map<String, long[]> leadTasks(String url, String sql, String[] ids) throws Exception {
        Map<String, long[]> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new long[] {rs.getLong(2), micros(rs.getTimestamp(3))});
                }
            }
        }
        return out;
    }

    private static long micros(java.sql.Timestamp t) {
        return t.getTime() * 1000 + (t.getNanos() / 1000) % 1000;
    }

    /**
     * Max-throughput mode with wrk (Debian package {@code wrk}) as the load generator: it costs far
     * less CPU than a JVM client, which matters when everything shares two cores. wrk keeps
     * {@code --concurrency} connections busy; its own report gives the throughput and latency.
     */
    private void runWrk(int duration, int warmup) throws Exception {
        java.nio.file.Path script = java.nio.file.Files.createTempFile("huying-raise-calls", ".lua");
        try (var in = CallIntakeBenchmark.class.getResourceAsStream("/raise-calls.lua")) {
            java.nio.file.Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String connections = args.get("concurrency");
        System.out.printf("run %s: wrk, %s connections, %d s warm-up, %d s measured%n", runId, connections, warmup, duration);
        if (warmup > 0) {
            wrk(script, connections, warmup, false);
        }
        LagSampler lag = chain() ? LagSampler.start(args.get("kafka"), GROUPS) : null;
        wrk(script, connections, duration, true);
        if (lag != null) {
            lag.stop();
            lag.print();
        }
    }

    private void wrk(java.nio.file.Path script, String connections, int seconds, boolean print) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), args.get("url")).redirectErrorStream(true);
        pb.environment().put("HUYING_TOKEN", token);
        pb.environment().put("HUYING_RUN", runId + (print ? "" : "w"));
        // Paced wrk (--delay-ms): each connection waits that long between requests, so
        // connections × 1000 / (delay + response time) calls/s are offered.
        pb.environment().put("HUYING_DELAY_MS", args.getOrDefault("delay-ms", "0"));
        pb.environment().put("HUYING_CATEGORIES", String.join(",", chain() ? ROUTED_FROM_STREET : CATEGORIES));
        Process wrk = pb.start();
        String report = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed (is the Debian package wrk installed?):\n" + report);
        }
        if (print) {
            System.out.println(report);
        }
    }

    /** Sends for {@code seconds}; open loop at {@code rate}/s, or closed loop when rate is 0. */
    private void drive(int rate, int seconds, double cancelFraction, boolean measured) throws InterruptedException {
        int concurrency = Integer.parseInt(args.get("concurrency"));
        Semaphore inFlight = new Semaphore(rate > 0 ? 4096 : concurrency);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long interval = rate > 0 ? 1_000_000_000L / rate : 0;
        long tick = 0;
        while (true) {
            long scheduled = rate > 0 ? start + tick++ * interval : System.nanoTime();
            if (scheduled >= end) {
                break;
            }
            if (rate > 0) {
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            inFlight.acquire();
            boolean cancel = cancelFraction > 0 && ThreadLocalRandom.current().nextDouble() < cancelFraction;
            send(nextSeq++, scheduled, cancel, measured, inFlight);
        }
        inFlight.acquire(rate > 0 ? 4096 : concurrency);
        inFlight.release(rate > 0 ? 4096 : concurrency);
    }

    private void send(long seq, long scheduled, boolean cancel, boolean measured, Semaphore inFlight) {
        sent.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args.get("url") + "/api/calls"))
                .timeout(cancel ? Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(5)) : Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "bench-" + runId + "-" + seq)
                .POST(HttpRequest.BodyPublishers.ofString(body(seq)))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            long now = System.nanoTime();
            String outcome;
            if (error != null) {
                outcome = error.getCause() instanceof HttpTimeoutException || error instanceof HttpTimeoutException
                        ? (cancel ? "cancelled-by-client" : "timeout") : "error:" + error.getClass().getSimpleName();
            } else {
                outcome = String.valueOf(response.statusCode());
                if (measured && response.statusCode() == 201) {
                    latenciesMicros.add((now - scheduled) / 1000);
                }
            }
            outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
            inFlight.release();
        });
    }

    private String body(long seq) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("address", "金沙街道压测路" + runId + "-" + seq + "号");
        location.put("gridPath", GRIDS[r.nextInt(GRIDS.length)]);
        Map<String, Object> body = new LinkedHashMap<>();
        String[] categories = chain() ? ROUTED_FROM_STREET : CATEGORIES;
        body.put("categoryCode", categories[r.nextInt(categories.length)]);
        body.put("urgency", URGENCY[r.nextInt(URGENCY.length)]);
        body.put("requestType", "投诉");
        body.put("title", "bench-" + runId + "-" + seq);
        body.put("description", "压测呼叫：12345 热线转办的居民诉求，描述长度与真实工单相近。".repeat(3));
        body.put("location", location);
        body.put("reporter", Map.of("name", "王先生", "phone", "139" + String.format("%08d", seq % 100_000_000)));
        body.put("channel", "HOTLINE_12345");
        try {
            return json.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares what intake stored for this run with what it announced on huying.calls. */
    private void reconcile(Map<TopicPartition, Long> startOffsets) throws Exception {
        Set<String> stored = new HashSet<>();
        Map<String, Long> byStatus = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(args.get("db"), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("select id::text, status from calls where title like ?")) {
            ps.setString(1, "bench-" + runId + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                    byStatus.merge(rs.getString(2), 1L, Long::sum);
                }
            }
        }
        Map<String, Integer> announced = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(startOffsets.keySet());
            startOffsets.forEach(consumer::seek);
            long quietUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < quietUntil && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = json.readTree(record.value());
                    if (event.at("/data/title").asText().startsWith("bench-" + runId + "-")) {
                        // warm-up calls of wrk runs are marked <runId>w and not counted
                        announced.merge(record.key(), 1, Integer::sum);
                        quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    }
                }
                if (announced.keySet().containsAll(stored) && !stored.isEmpty()) {
                    quietUntil = Math.min(quietUntil, System.nanoTime() + Duration.ofSeconds(2).toNanos());
                }
            }
        }
        Set<String> missing = new HashSet<>(stored);
        missing.removeAll(announced.keySet());
        long duplicates = announced.values().stream().filter(n -> n > 1).count();
        Set<String> phantom = new HashSet<>(announced.keySet());
        phantom.removeAll(stored);
        System.out.printf("stored calls: %d %s; announced on huying.calls: %d; stored without event: %d; "
                + "events without stored call: %d; calls announced more than once: %d%n",
                stored.size(), byStatus, announced.size(), missing.size(), phantom.size(), duplicates);
    }

    private Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor("huying.calls").forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            return consumer.endOffsets(partitions);
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args.get("kafka"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "huying-benchmark-" + runId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    /**
     * huying-integration's secret: HUYING_INTEGRATION_SECRET, or this checkout's deploy/local/.run/secrets.env
     * (the launcher generates it; run from the repository root or benchmarks/).
     */
    private static String integrationSecret() {
        String value = System.getenv("HUYING_INTEGRATION_SECRET");
        if (value != null && !value.isBlank()) {
            return value;
        }
        for (String root : new String[] {".", ".."}) {
            java.nio.file.Path file = java.nio.file.Path.of(root, "deploy/local/.run/secrets.env");
            try {
                for (String line : java.nio.file.Files.readAllLines(file)) {
                    if (line.startsWith("HUYING_INTEGRATION_SECRET=")) {
                        return line.substring("HUYING_INTEGRATION_SECRET=".length()).trim();
                    }
                }
            } catch (java.io.IOException e) {
                // try the next place
            }
        }
        throw new IllegalStateException("no HUYING_INTEGRATION_SECRET: set it, pass --secret, or run deploy/local/huying infra up first");
    }

    /** A client-credentials token of huying-integration (a street-office service account of 金沙街道). */
    private String clientToken() throws Exception {
        String form = "grant_type=client_credentials&client_id=huying-integration&client_secret="
                + URLEncoder.encode(args.getOrDefault("secret", integrationSecret()), StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(args.get("keycloak") + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no token from Keycloak: " + response.body());
        }
        return json.readTree(response.body()).get("access_token").asText();
    }

    private static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

}
