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
 *
 * <p>The reference ({@code --reference yes}; benchmarks/reference, started by benchmarks/reference/run at
 * {@code --reference-url}, default http://127.0.0.1:8099): the same load and bodies to {@code POST /calls}
 * of a minimal service on Huying's stack that inserts a row and sends a Kafka record (no token, no
 * outbox), counted the same way (its table in huying_reference, and the topic benchmark.reference-calls).
 * {@code --compare yes} runs Huying, then the reference, with the same options, and prints the ratios.
 *
 * <p>Costs ({@code --cost yes}, on by default in chain mode): commits per database, Kafka records per
 * topic and CPU per process of the stack over the measured window, per call accepted ({@link StackCost}).
 * {@code --idle-seconds N} measures the same for N seconds without load and exits.
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
    private final Target target;
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

    private CallIntakeBenchmark(Map<String, String> args, Target target) {
        this.args = args;
        this.target = target;
    }

    /**
     * Where the load goes, and where what it stored and announced is counted: {@code storedQuery} lists
     * id and status of the calls whose title is like its parameter; {@code titlePointer} finds the title in
     * an announced record.
     */
    private record Target(String name, boolean reference, String url, String path, String db, String storedQuery,
            String topic, String titlePointer) {
        /** Huying's intake: POST /api/calls with a bearer token; calls in intake's calls table, CloudEvents on huying.calls. */
        static Target huying(Map<String, String> args) {
            return new Target("Huying", false, args.get("url"), "/api/calls", args.get("db"),
                    "select id::text, status from calls where title like ?", "huying.calls", "/data/title");
        }

        /** benchmarks/reference: POST /calls without a token; the body as sent, in reference_call and on benchmark.reference-calls. */
        static Target reference(Map<String, String> args) {
            return new Target("reference", true, args.get("reference-url"), "/calls", args.get("reference-db"),
                    "select id::text, 'STORED' from reference_call where body::jsonb ->> 'title' like ?", "benchmark.reference-calls", "/title");
        }
    }

    /** What a run achieved: calls accepted (201) per second, and their latency. */
    private record Figures(String target, long accepted, double callsPerSecond, double p50Ms, double p99Ms) {
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
                Map.entry("response-db", "jdbc:postgresql://127.0.0.1:5432/response"),
                Map.entry("reference-url", "http://127.0.0.1:8099"),
                Map.entry("reference-db", "jdbc:postgresql://127.0.0.1:5432/huying_reference")));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        if (args.containsKey("idle-seconds")) {
            try (StackCost cost = StackCost.open(args.get("kafka"), args.get("db"))) {
                cost.idle(Integer.parseInt(args.get("idle-seconds")));
            }
            return;
        }
        if (yes(args, "compare")) {
            Figures huying = new CallIntakeBenchmark(args, Target.huying(args)).run();
            System.out.printf("%n---- the same load against the reference ----%n%n");
            Figures reference = new CallIntakeBenchmark(args, Target.reference(args)).run();
            compare(huying, reference);
        } else {
            new CallIntakeBenchmark(args, yes(args, "reference") ? Target.reference(args) : Target.huying(args)).run();
        }
    }

    private static boolean yes(Map<String, String> args, String option) {
        return "yes".equals(args.get(option));
    }

    private Figures run() throws Exception {
        int rate = Integer.parseInt(args.get("rate"));
        int duration = Integer.parseInt(args.get("duration"));
        int warmup = Integer.parseInt(args.get("warmup"));
        double cancelFraction = Double.parseDouble(args.get("cancel-fraction"));
        if (!target.reference()) {
            token = clientToken();
        }
        Map<TopicPartition, Long> startOffsets = endOffsets();
        Figures figures;
        try (StackCost cost = "yes".equals(args.getOrDefault("cost", chain() ? "yes" : "no"))
                ? StackCost.open(args.get("kafka"), args.get("db")) : null) {
            figures = args.containsKey("wrk") ? runWrk(duration, warmup, cost) : runClient(rate, duration, warmup, cancelFraction, cost);
        }
        reconcile(startOffsets);
        if (chain()) {
            chainReport();
        }
        return figures;
    }

    /** The JVM client: open loop at {@code rate} calls/s, or closed loop with --concurrency in flight when rate is 0. */
    private Figures runClient(int rate, int duration, int warmup, double cancelFraction, StackCost cost) throws Exception {
        System.out.printf("run %s against %s (%s%s): %s, %d s warm-up, %d s measured, cancel fraction %.3f%n", runId, target.name(),
                target.url(), target.path(), rate > 0 ? rate + " calls/s offered (open loop)" : args.get("concurrency") + " in flight (max throughput)",
                warmup, duration, cancelFraction);

        if (warmup > 0) {
            drive(rate, warmup, 0, false);
            latenciesMicros.clear();
            outcomes.clear();
            sent.set(0);
        }
        StackCost.Snapshot costBefore = cost == null ? null : cost.snapshot();
        long started = System.nanoTime();
        LagSampler lag = chain() ? LagSampler.start(args.get("kafka"), GROUPS) : null;
        drive(rate, duration, cancelFraction, true);
        double seconds = (System.nanoTime() - started) / 1e9;
        StackCost.Snapshot costAfter = cost == null ? null : cost.snapshot();
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
        if (cost != null) {
            StackCost.print(costBefore, costAfter, ok);
        }
        if (lag != null) {
            lag.print();
        }
        return new Figures(target.name(), ok, ok / seconds, sorted.length > 0 ? pct(sorted, 50) : Double.NaN,
                sorted.length > 0 ? pct(sorted, 99) : Double.NaN);
    }

    /** Chain mode is Huying's alone: the reference has no chain behind it. */
    private boolean chain() {
        return !target.reference() && yes(args, "chain");
    }

    /** Huying's figures over the reference's, from runs back to back in one session with the same options. */
    private static void compare(Figures huying, Figures reference) {
        System.out.printf("%n%-10s %10s %10s %10s %10s%n", "target", "accepted", "calls/s", "p50 ms", "p99 ms");
        for (Figures f : List.of(huying, reference)) {
            System.out.printf("%-10s %10d %10.1f %10.1f %10.1f%n", f.target(), f.accepted(), f.callsPerSecond(), f.p50Ms(), f.p99Ms());
        }
        System.out.printf("Huying / reference: calls/s %.2f×, p50 %.2f×, p99 %.2f×%n", huying.callsPerSecond() / reference.callsPerSecond(),
                huying.p50Ms() / reference.p50Ms(), huying.p99Ms() / reference.p99Ms());
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
    private Figures runWrk(int duration, int warmup, StackCost cost) throws Exception {
        java.nio.file.Path script = java.nio.file.Files.createTempFile("huying-raise-calls", ".lua");
        try (var in = CallIntakeBenchmark.class.getResourceAsStream("/raise-calls.lua")) {
            java.nio.file.Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String connections = args.get("concurrency");
        System.out.printf("run %s against %s (%s%s): wrk, %s connections, %d s warm-up, %d s measured%n", runId, target.name(),
                target.url(), target.path(), connections, warmup, duration);
        if (warmup > 0) {
            wrk(script, connections, warmup, false);
        }
        StackCost.Snapshot costBefore = cost == null ? null : cost.snapshot();
        LagSampler lag = chain() ? LagSampler.start(args.get("kafka"), GROUPS) : null;
        String report = wrk(script, connections, duration, true);
        StackCost.Snapshot costAfter = cost == null ? null : cost.snapshot();
        if (lag != null) {
            lag.stop();
        }
        System.out.println(report);
        Figures figures = wrkFigures(report);
        if (cost != null) {
            StackCost.print(costBefore, costAfter, figures.accepted());
        }
        if (lag != null) {
            lag.print();
        }
        return figures;
    }

    /** Reads wrk's report: responses other than 2xx are not accepted calls; latency from its distribution (--latency). */
    private Figures wrkFigures(String report) {
        long requests = Long.parseLong(wrkValue(report, "(?m)^\\s*(\\d+) requests in"));
        long rejected = report.contains("Non-2xx") ? Long.parseLong(wrkValue(report, "Non-2xx or 3xx responses: (\\d+)")) : 0;
        double perSecond = Double.parseDouble(wrkValue(report, "Requests/sec:\\s+([\\d.]+)"));
        long accepted = requests - rejected;
        return new Figures(target.name(), accepted, requests == 0 ? 0 : perSecond * accepted / requests,
                wrkMillis(wrkValue(report, "(?m)^\\s*50%\\s+(\\S+)$")), wrkMillis(wrkValue(report, "(?m)^\\s*99%\\s+(\\S+)$")));
    }

    private static String wrkValue(String report, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(report);
        if (!m.find()) {
            throw new IllegalStateException("wrk's report has no match for " + regex + ":\n" + report);
        }
        return m.group(1);
    }

    /** wrk's durations: 812.00us, 3.12ms, 1.20s, 2.00m. */
    private static double wrkMillis(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\d.]+)(us|ms|s|m|h)").matcher(value);
        if (!m.matches()) {
            throw new IllegalStateException("not a wrk duration: " + value);
        }
        double n = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> n / 1000;
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
    }

    /** Runs wrk for {@code seconds} and returns its report; warm-up calls are marked apart, and not counted. */
    private String wrk(java.nio.file.Path script, String connections, int seconds, boolean measured) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), target.url()).redirectErrorStream(true);
        pb.environment().put("HUYING_PATH", target.path());
        pb.environment().put("HUYING_TOKEN", target.reference() ? "" : token);
        pb.environment().put("HUYING_RUN", runId + (measured ? "" : "w"));
        // Paced wrk (--delay-ms): each connection waits that long between requests, so
        // connections × 1000 / (delay + response time) calls/s are offered.
        pb.environment().put("HUYING_DELAY_MS", args.getOrDefault("delay-ms", "0"));
        pb.environment().put("HUYING_CATEGORIES", String.join(",", categories()));
        Process wrk = pb.start();
        String report = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed (is the Debian package wrk installed?):\n" + report);
        }
        return report;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url() + target.path()))
                .timeout(cancel ? Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(5)) : Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "bench-" + runId + "-" + seq)
                .POST(HttpRequest.BodyPublishers.ofString(body(seq)));
        if (!target.reference()) {
            request.header("Authorization", "Bearer " + token);
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
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

    /**
     * The categories raised: {@code --categories A,B} (e.g. one hot category, a storm's 积水 calls in one
     * street), else every category a street routes (chain mode) or all 30.
     */
    private String[] categories() {
        if (args.containsKey("categories")) {
            return args.get("categories").split(",");
        }
        return chain() ? ROUTED_FROM_STREET : CATEGORIES;
    }

    private String body(long seq) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("address", "金沙街道压测路" + runId + "-" + seq + "号");
        location.put("gridPath", GRIDS[r.nextInt(GRIDS.length)]);
        Map<String, Object> body = new LinkedHashMap<>();
        String[] categories = categories();
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

    /** Compares what the target stored for this run with what it announced on its topic. */
    private void reconcile(Map<TopicPartition, Long> startOffsets) throws Exception {
        Set<String> stored = new HashSet<>();
        Map<String, Long> byStatus = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(target.db(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement(target.storedQuery())) {
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
                    if (event.at(target.titlePointer()).asText().startsWith("bench-" + runId + "-")) {
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
        System.out.printf("stored calls: %d %s; announced on %s: %d; stored without event: %d; "
                + "events without stored call: %d; calls announced more than once: %d%n",
                stored.size(), byStatus, target.topic(), announced.size(), missing.size(), phantom.size(), duplicates);
    }

    private Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(target.topic()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
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

    /** huying-integration's secret: --secret, HUYING_INTEGRATION_SECRET, or the one the launcher generated. */
    private String integrationSecret() {
        return args.containsKey("secret") ? args.get("secret") : LocalStack.secret("HUYING_INTEGRATION_SECRET").orElseThrow(() ->
                new IllegalStateException("no HUYING_INTEGRATION_SECRET: set it, pass --secret, or run deploy/local/huying infra up first"));
    }

    /** A client-credentials token of huying-integration (a street-office service account of 金沙街道). */
    private String clientToken() throws Exception {
        String form = "grant_type=client_credentials&client_id=huying-integration&client_secret="
                + URLEncoder.encode(integrationSecret(), StandardCharsets.UTF_8);
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
