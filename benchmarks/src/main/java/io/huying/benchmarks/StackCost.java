package io.huying.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the local stack spends over a window (issue 23, item 7): commits per database
 * ({@code pg_stat_database.xact_commit}), records per Kafka topic (the end offsets of every huying.* and benchmark.*
 * topic and of the consumer-offsets topic, where each offset commit is a record), and CPU per process
 * ({@code /proc/<pid>/stat} user + system time).
 *
 * <p>The processes are those {@code deploy/local/huying status} knows (its pid files), each with its
 * children (Keycloak's pid file names kc.sh, whose child is the JVM); every process named postgres is
 * summed as one "postgres" line, with the time of backends that exited during the window (their
 * parent, the postmaster, collects it), and split below it by the database each live backend serves
 * (its process title), the rest being the postmaster, background processes and exited backends. The
 * harness's own JVM and its wrk are a line of their own; "rest of the machine" is the machine's busy
 * time (/proc/stat) minus all of that.
 *
 * <p>PostgreSQL publishes a busy backend's counters at most once a second (an idle one's after 10 s):
 * up to a second of commits shifts across each end of a window, which cancels out under steady load
 * and stays under 2 % of a one-minute window otherwise.
 */
final class StackCost implements AutoCloseable {
    private static final String POSTGRES = "postgres";
    private static final String LOAD_GENERATOR = "load generator";
    private static final long CLOCK_TICKS_PER_SECOND = clockTicksPerSecond();
    /** A backend's process title: "postgres: [cluster: ]user database host(port) activity". */
    private static final Pattern BACKEND_TITLE = Pattern.compile("^postgres: (?:[^ :]+: )?\\S+ (\\S+) (?:\\S+\\(\\d+\\)|\\[local\\]) ");

    private final String statsUrl;
    private final List<String> databases;
    private final Admin kafka;

    /** What the counters say at one moment; CPU in ms, per process with its pid (to see restarts). */
    record Snapshot(long nanos, Map<String, Long> commits, Map<String, Long> records, Map<String, ProcessTime> cpu,
            Map<String, Long> postgresByDatabase, long machineMs) {
    }

    /** A process tree's CPU, and of it the time of the JVMs' JIT compiler threads (a warm-up cost, not a per-call one). */
    record ProcessTime(long pid, long ms, long jitMs) {
    }

    private StackCost(String statsUrl, List<String> databases, Admin kafka) {
        this.statsUrl = statsUrl;
        this.databases = databases;
        this.kafka = kafka;
    }

    /**
     * @param anyDatabaseUrl a JDBC URL of a database on the stack's PostgreSQL (the statistics are read in its
     *     {@code postgres} database, so reading them adds no commit to the databases measured)
     */
    static StackCost open(String kafkaBootstrap, String anyDatabaseUrl) throws IOException {
        List<String> databases = new ArrayList<>(LocalStack.services().values());
        databases.add("keycloak");
        databases.add("huying_reference"); // benchmarks/reference, when it has been started
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        return new StackCost(anyDatabaseUrl.replaceFirst("/[^/?]*(\\?.*)?$", "/postgres"), databases, Admin.create(props));
    }

    Snapshot snapshot() throws Exception {
        Map<String, Long> commits = commits();
        Map<String, Long> records = records();
        // The clock and the CPU counters last and together, so that the window's length is the CPU's.
        long nanos = System.nanoTime();
        List<ProcStat> processes = procStats();
        return new Snapshot(nanos, commits, records, processTimes(processes), postgresByDatabase(processes), machineBusyMs());
    }

    /** Measures N seconds with no load and prints what each process takes of a core, and the rest. */
    void idle(int seconds) throws Exception {
        System.out.printf("idle: what the stack spends in %d s without load%n", seconds);
        Snapshot before = snapshot();
        Thread.sleep(seconds * 1000L);
        print(before, snapshot(), 0);
    }

    /**
     * Prints the window between two snapshots: totals and per second, and per call when {@code calls}
     * (accepted in the window) is above 0.
     */
    static void print(Snapshot before, Snapshot after, long calls) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        System.out.printf("%ncost over the measured window: %.1f s%s%n", seconds,
                calls > 0 ? String.format(", %d calls accepted (%.1f calls/s)", calls, calls / seconds) : "");
        String perCall = calls > 0 ? "per call" : "";
        header("database", "commits", "per s", perCall);
        delta(before.commits(), after.commits()).forEach((db, n) -> row(db, n, seconds, calls));
        header("Kafka topic", "records", "per s", perCall);
        delta(before.records(), after.records()).forEach((topic, n) -> row(topic, n, seconds, calls));
        header("process", "CPU ms", "% of a core", calls > 0 ? "ms per call" : "");
        long stack = 0;
        long jit = 0;
        long loadGenerator = 0;
        for (var e : after.cpu().entrySet()) {
            ProcessTime was = before.cpu().get(e.getKey());
            if (was == null || was.pid() != e.getValue().pid()) {
                System.out.printf("  %-40s %s%n", e.getKey(), was == null ? "(started during the window)" : "(restarted)");
                continue;
            }
            long ms = e.getValue().ms() - was.ms();
            if (e.getKey().equals(LOAD_GENERATOR)) {
                loadGenerator = ms;
                continue;
            }
            stack += ms;
            cpuRow(e.getKey(), ms, seconds, calls);
            long jitMs = e.getValue().jitMs() - was.jitMs();
            jit += jitMs;
            if (jitMs > 0) {
                cpuRow("  of which JIT compiler threads", jitMs, seconds, calls);
            }
            if (e.getKey().equals(POSTGRES)) {
                Map<String, Long> byDatabase = delta(before.postgresByDatabase(), after.postgresByDatabase());
                // A backend that exits during the window takes its time out of its database's line into "other".
                byDatabase.forEach((db, dbMs) -> cpuRow("  of which backends of " + db, dbMs, seconds, calls));
                cpuRow("  of which other", ms - byDatabase.values().stream().mapToLong(Long::longValue).sum(), seconds, calls);
            }
        }
        before.cpu().keySet().stream().filter(name -> !after.cpu().containsKey(name))
                .forEach(name -> System.out.printf("  %-40s %s%n", name, "(stopped during the window)"));
        long machine = after.machineMs() - before.machineMs();
        cpuRow("= the stack", stack, seconds, calls);
        // Compiling hot code is done once per JVM start; in a short window after a start it can exceed the work itself.
        cpuRow("  without JIT compilation", stack - jit, seconds, calls);
        cpuRow(LOAD_GENERATOR + " (this JVM, wrk)", loadGenerator, seconds, calls);
        cpuRow("rest of the machine", Math.max(0, machine - stack - loadGenerator), seconds, calls);
        cpuRow("machine (/proc/stat, busy)", machine, seconds, calls);
    }

    private static void header(String... columns) {
        System.out.printf("  %-40s %12s %12s %12s%n", (Object[]) columns);
    }

    private static void row(String name, long n, double seconds, long calls) {
        System.out.printf("  %-40s %12d %12.1f %12s%n", name, n, n / seconds, calls > 0 ? String.format("%.2f", (double) n / calls) : "");
    }

    /** CPU time, its share of one core over the window (ms per s / 10), and per call. */
    private static void cpuRow(String name, long ms, double seconds, long calls) {
        System.out.printf("  %-40s %12d %12.1f %12s%n", name, ms, ms / (seconds * 10), calls > 0 ? String.format("%.2f", (double) ms / calls) : "");
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new LinkedHashMap<>();
        after.forEach((name, n) -> delta.put(name, n - before.getOrDefault(name, 0L)));
        return delta;
    }

    private Map<String, Long> commits() throws Exception {
        Map<String, Long> byName = new HashMap<>();
        try (Connection c = DriverManager.getConnection(statsUrl, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("select datname, xact_commit from pg_stat_database where datname = any (?)")) {
            ps.setArray(1, c.createArrayOf("text", databases.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byName.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        Map<String, Long> inOrder = new LinkedHashMap<>();
        databases.stream().filter(byName::containsKey).forEach(db -> inOrder.put(db, byName.get(db)));
        return inOrder;
    }

    /** Records per topic: the sum of its partitions' end offsets (no Kafka transactions here, so no markers among them). */
    private Map<String, Long> records() throws Exception {
        Set<String> topics = kafka.listTopics(new ListTopicsOptions().listInternal(true)).names().get(15, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith("huying.") || t.startsWith("benchmark.") || t.equals("__consumer_offsets"))
                .collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        kafka.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS).forEach((topic, description) ->
                description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<String, Long> records = new TreeMap<>();
        kafka.listOffsets(latest).all().get(15, TimeUnit.SECONDS)
                .forEach((partition, offset) -> records.merge(partition.topic(), offset.offset(), Long::sum));
        return records;
    }

    /**
     * A process from /proc: its own CPU ticks, those of the children it has waited for, and for a
     * PostgreSQL backend the database it serves (from its process title), else null.
     */
    private record ProcStat(long pid, long parent, String command, long ticks, long reapedChildTicks, String database) {
        boolean postgres() {
            return command.equals(POSTGRES);
        }
    }

    /** CPU per process of the stack, in the order of services.conf, then the others by name, then postgres. */
    private static Map<String, ProcessTime> processTimes(List<ProcStat> all) throws IOException {
        Map<Long, ProcStat> byPid = all.stream().collect(Collectors.toMap(ProcStat::pid, p -> p));
        Map<Long, List<ProcStat>> children = all.stream().collect(Collectors.groupingBy(ProcStat::parent));
        Map<String, Long> roots = LocalStack.processes();
        List<String> order = new ArrayList<>(LocalStack.services().keySet());
        roots.keySet().stream().filter(name -> !order.contains(name)).forEach(order::add);
        Map<String, ProcessTime> times = new LinkedHashMap<>();
        for (String name : order) {
            Long pid = roots.get(name);
            if (pid != null && byPid.containsKey(pid)) {
                ProcStat root = byPid.get(pid);
                times.put(name, new ProcessTime(pid, ms(treeTicks(root, children)), ms(treeJitTicks(root, children))));
            }
        }
        long postgres = all.stream().filter(ProcStat::postgres).mapToLong(p -> p.ticks() + p.reapedChildTicks()).sum();
        times.put(POSTGRES, new ProcessTime(0, ms(postgres), 0));
        ProcStat self = byPid.get(ProcessHandle.current().pid());
        times.put(LOAD_GENERATOR, new ProcessTime(self.pid(), ms(treeTicks(self, children) + self.reapedChildTicks()), 0));
        return times;
    }

    /** A process and its descendants, without postgres processes (they have a line of their own). */
    private static long treeTicks(ProcStat process, Map<Long, List<ProcStat>> children) {
        return treeSum(process, children, ProcStat::ticks);
    }

    /**
     * The CPU of the JIT compiler threads in a process tree ({@code /proc/<pid>/task/<tid>}, threads named "C1/C2
     * CompilerThread…"; HotSpot keeps the first of each kind for the JVM's life, so their counters do not vanish).
     */
    private static long treeJitTicks(ProcStat process, Map<Long, List<ProcStat>> children) {
        return treeSum(process, children, p -> jitTicks(p.pid()));
    }

    /** {@code ticks} summed over a process and its descendants, postgres processes left out. */
    private static long treeSum(ProcStat process, Map<Long, List<ProcStat>> children, ToLongFunction<ProcStat> ticks) {
        long sum = process.postgres() ? 0 : ticks.applyAsLong(process);
        for (ProcStat child : children.getOrDefault(process.pid(), List.of())) {
            sum += treeSum(child, children, ticks);
        }
        return sum;
    }

    private static long jitTicks(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    StatLine thread = StatLine.of(Files.readString(task.resolve("stat")));
                    if (thread.command().startsWith("C1 CompilerThre") || thread.command().startsWith("C2 CompilerThre")) {
                        ticks += thread.ticks();
                    }
                } catch (IOException e) {
                    // the thread ended since the listing
                }
            }
        } catch (IOException e) {
            return 0; // the process ended
        }
        return ticks;
    }

    /**
     * A line of /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat: "pid (comm) state ppid ...". The command
     * may hold spaces and parentheses, so the fields count from the last ')'.
     */
    private record StatLine(long pid, String command, String[] fields) {
        static StatLine of(String line) {
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            return new StatLine(Long.parseLong(line.substring(0, open).trim()), line.substring(open + 1, close),
                    line.substring(close + 2).split(" "));
        }

        /** Field {@code n} of proc(5), counted from 1 (3 is the state). */
        long field(int n) {
            return Long.parseLong(fields[n - 3]);
        }

        long parent() {
            return field(4);
        }

        /** Its own user and system time. */
        long ticks() {
            return field(14) + field(15);
        }

        /** The user and system time of the children it has waited for. */
        long reapedChildTicks() {
            return field(16) + field(17);
        }
    }

    /** CPU of the live PostgreSQL backends per database they serve. */
    private static Map<String, Long> postgresByDatabase(List<ProcStat> all) {
        Map<String, Long> ticks = new TreeMap<>();
        all.stream().filter(p -> p.database() != null).forEach(p -> ticks.merge(p.database(), p.ticks(), Long::sum));
        Map<String, Long> ms = new TreeMap<>();
        ticks.forEach((db, t) -> ms.put(db, ms(t)));
        return ms;
    }

    private static List<ProcStat> procStats() throws IOException {
        List<ProcStat> stats = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), entry -> entry.getFileName().toString().matches("[0-9]+"))) {
            for (Path dir : dirs) {
                String line;
                String title;
                try {
                    line = Files.readString(dir.resolve("stat"));
                    title = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException e) {
                    continue; // exited since the listing
                }
                StatLine stat = StatLine.of(line);
                Matcher backend = BACKEND_TITLE.matcher(title);
                stats.add(new ProcStat(stat.pid(), stat.parent(), stat.command(), stat.ticks(), stat.reapedChildTicks(),
                        stat.command().equals(POSTGRES) && backend.find() ? backend.group(1) : null));
            }
        }
        return stats;
    }

    /** Busy time of all CPUs: user, nice, system, irq and softirq (not idle, iowait or steal). */
    private static long machineBusyMs() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        return ms(Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]));
    }

    private static long ms(long ticks) {
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100; // Linux's USER_HZ everywhere this runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    @Override
    public void close() {
        kafka.close();
    }
}
