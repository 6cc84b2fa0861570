package io.huying.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.contracts.Topics;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The reliability harness (docs/reliability.md), on the packaged services with real Kafka, PostgreSQL
 * and Keycloak tokens. In the README's test command it runs short: a fuzz of
 * {@code huying.reliability.fuzz-count} (1,000) requests and one database outage of
 * {@code huying.reliability.outage-seconds} (15 s); the full run takes 10,000 and 60 s
 * ({@code deploy/local/reliability.sh}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] USERS = {"fengling.office", "jinsha.office", "jinsha.dispatcher", "urban.section", "baiyun.ops",
        "huying.admin", "huying.auditor"};
    /**
     * Writes that need no body and act on what their path names: as the administrator they are sent
     * with ids that do not exist only (a redrive of a real topic, a release of a real row would act),
     * and a rebuild, which names nothing, not at all.
     */
    private static final Pattern DESTRUCTIVE = Pattern.compile(".*/(rebuild|redrive|release)$");
    /** Categories for the outage's calls, raised by 平乐 at its grid-02, which no other system test raises in (MD-03 aside). */
    private static final List<String> CATEGORIES = List.of("SR-01", "SR-02", "SR-03", "SR-04", "SR-05", "WJ-01", "WJ-02", "WJ-03", "HW-01",
            "HW-02", "HW-03", "HW-04", "ZA-01", "ZA-02", "ZA-03", "XF-01", "XF-02", "XF-03", "MD-01", "MD-02", "GS-01", "GS-02", "GS-03",
            "GS-04", "ZY-01", "ZY-02", "SP-01", "SP-02", "SP-03");

    /** A read endpoint of each service. */
    private static final Map<String, String> READ_PATHS = Map.of("intake", "/api/calls", "dispatch", "/api/dispatch/queue",
            "response", "/api/tasks", "feedback", "/api/verifications", "sla", "/api/sla/board", "notify", "/api/notifications");
    private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES = new java.util.concurrent.atomic.AtomicInteger();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTheSystem() {
        SystemUnderTest.start();
    }

    /**
     * e. Fuzz: generated requests to every write operation each service's OpenAPI document lists, as
     * users of every role, with bodies broken in every way a form or a program breaks them: no 5xx,
     * and a rejected request stores nothing — every text the fuzz sends carries a marker of its request,
     * and no table but the audit log holds the marker of a request that was not answered 2xx.
     */
    @Test
    void fuzzedWritesGetNoServerErrorAndARejectedOneStoresNothing() throws Exception {
        int count = Integer.getInteger("huying.reliability.fuzz-count", 1000);
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        Random random = new Random(run.hashCode());
        List<Operation> operations = writeOperations();
        assertThat(operations).as("write operations found in the services' OpenAPI documents").hasSizeGreaterThan(20);
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String user : USERS) {
            tokens.put(user, KeycloakTokens.accessToken(user));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> refusedThoughLetThrough = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        Instant started = Instant.now();
        for (int n = 0; n < count; n++) {
            Operation op = operations.get(random.nextInt(operations.size()));
            // Mostly a user whose role may call the operation, so the body is read; sometimes anyone.
            String likely = Gates.userFor(op.method() + " " + op.path());
            String user = random.nextInt(5) == 0 || likely == null ? USERS[random.nextInt(USERS.length)] : likely;
            boolean acts = user.equals("huying.admin") && DESTRUCTIVE.matcher(op.path()).matches();
            if (acts && !op.path().contains("{")) {
                user = "baiyun.ops";
            }
            String marker = "FZ" + run + "x" + n + "x";
            Fuzzed request = fuzz(op, marker, random, acts);
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(SystemUnderTest.url(op.service()) + request.path()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + tokens.get(user))
                    .method(op.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(request.body()));
            if (request.contentType() != null) {
                builder.header("Content-Type", request.contentType());
            }
            if (random.nextInt(4) == 0) {
                builder.header("Idempotency-Key", marker);
            }
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 403 && user.equals(likely)) {
                refusedThoughLetThrough.merge(op.method() + " " + op.path(), 1, Integer::sum);
            }
            if (response.statusCode() >= 500) {
                serverErrors.add(op.method() + " " + request.path() + " as " + user + " → " + response.statusCode() + " " + response.body()
                        + "\n    body: " + abbreviate(request.body()));
            }
            if (response.statusCode() < 300) {
                accepted.add(n);
            }
        }
        Duration took = Duration.between(started, Instant.now());
        System.out.printf("fuzz %s: %d requests over %d write operations in %d s; statuses %s%n", run, count, operations.size(),
                took.toSeconds(), statuses);
        System.out.printf("fuzz %s: 403 to a role its gate lets through (refused further in: unit, state, rule): %s%n", run, refusedThoughLetThrough);
        assertThat(serverErrors).as("5xx answers").isEmpty();

        // Anything a rejected request left behind carries its marker.
        Map<String, List<Integer>> leftBehind = new TreeMap<>();
        for (String service : SystemUnderTest.runningServices()) {
            String database = service + "_system";
            for (String table : tables(database)) {
                if (table.equals("huying_audit_log") || table.equals("flyway_schema_history")) {
                    continue;
                }
                for (int n : markersIn(database, table, "FZ" + run + "x")) {
                    if (!accepted.contains(n)) {
                        leftBehind.computeIfAbsent(database + "." + table, t -> new ArrayList<>()).add(n);
                    }
                }
            }
        }
        assertThat(leftBehind).as("rows holding what a rejected request sent").isEmpty();
    }

    /**
     * b. A database outage: while 平乐 raises calls, a service's database refuses connections
     * (ALLOW_CONNECTIONS false, its backends terminated) for {@code huying.reliability.outage-seconds}.
     * The service waits it out — readiness DOWN meanwhile, ready again within 30 s of the database's
     * return — and then every accepted call is a dispatch case, each lead task of dispatch is in one
     * inbox once, each call has its SLA clocks, and nothing went to a dead-letter topic. While intake's
     * own database is away, a call is refused with 503 problem+json, never a 500. The README's test
     * command takes intake and response; the full run every service in turn.
     */
    @Test
    void aDatabaseOutageOfEachServiceLosesNothingAndReadinessTellsIt() throws Exception {
        int seconds = Integer.getInteger("huying.reliability.outage-seconds", 15);
        List<String> services = Boolean.getBoolean("huying.reliability.full") ? SystemUnderTest.runningServices() : List.of("intake", "response");
        for (String service : services) {
            databaseOutage(service, seconds);
        }
    }

    private void databaseOutage(String service, int seconds) throws Exception {
        List<String> acceptedCalls = new ArrayList<>();
        Map<Integer, Integer> refusals = new TreeMap<>();
        Iterator<String> categories = cycle();
        String url = SystemUnderTest.url(service);
        try (Dlqs dlqs = new Dlqs()) {
            raiseSome(acceptedCalls, refusals, categories, 3);
            boolean sawDown = false;
            Instant restored;
            setConnections(service + "_system", false);
            try {
                Instant until = Instant.now().plusSeconds(seconds);
                while (Instant.now().isBefore(until)) {
                    raiseSome(acceptedCalls, refusals, categories, 1);
                    sawDown |= readiness(url) == 503;
                    SystemUnderTest.sleep(500);
                }
            } finally {
                setConnections(service + "_system", true);
                restored = Instant.now();
            }
            assertThat(sawDown).as(service + "'s readiness DOWN while its database refuses connections").isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> readiness(url) == 200);
            Duration ready = Duration.between(restored, Instant.now());
            raiseSome(acceptedCalls, refusals, categories, 3);

            Converged converged = converge(acceptedCalls, Duration.ofSeconds(120));
            long letters = dlqs.lettersAbout(acceptedCalls);
            System.out.printf("database outage of %s, %d s: %d calls accepted (refused: %s), %d lead tasks, all in inboxes and clocked; "
                    + "ready again %d ms after the database returned; %d dead letters%n", service, seconds, acceptedCalls.size(), refusals,
                    converged.leads(), ready.toMillis(), letters);
            assertThat(converged.leads()).as("lead tasks of the accepted calls").isPositive();
            assertThat(converged.duplicates()).as("tasks in an inbox twice").isZero();
            assertThat(letters).as("dead letters about the calls").isZero();
            assertThat(refusals.keySet()).as("answers other than 201 to a call raised while " + service + "'s database is away")
                    .isSubsetOf(service.equals("intake") ? Set.of(503) : Set.of());
        }
        // The next outage raises the same categories at the same grid: out of intake's 24 h merge window with these (the
        // harness' own calls only), it gets calls accepted rather than merged into these.
        LocalInfra.queryLong("intake_system", """
                with aged as (update calls set raised_at = raised_at - interval '2 days' where title = ? returning 1)
                select count(*) from aged""", "可靠性测试呼叫");
    }

    /**
     * a. kill -9 of each service in turn while 松北社区 raises a call every half second: each is killed,
     * left down 5 s and started again. Then nothing is lost (every accepted call a dispatch case, every
     * lead task in one inbox once, every call clocked) and nothing was dead-lettered. Full run only.
     */
    @Test
    void killingEachServiceInTurnUnderLoadLosesNothing() throws Exception {
        assumeTrue(Boolean.getBoolean("huying.reliability.full"), "the full harness only (deploy/local/reliability.sh)");
        String title = "可靠性测试·逐个强杀";
        Instant since = Instant.now();
        try (Dlqs dlqs = new Dlqs(); Load load = new Load("songbei.office", "/baiyun/songzhou/songbei/grid-01", title)) {
            for (String service : List.of("dispatch", "response", "sla", "feedback", "intake")) {
                SystemUnderTest.kill(service);
                SystemUnderTest.sleep(5000);
                Instant restarted = Instant.now();
                SystemUnderTest.restart(service);
                System.out.printf("kill -9 of %s: ready again %d ms after its start%n", service, Duration.between(restarted, Instant.now()).toMillis());
            }
            SystemUnderTest.sleep(3000);
            load.close();
            assertNothingLost("kill -9 of each service in turn", title, since, dlqs, load);
        }
    }

    /**
     * c. The Kafka broker stopped for {@code huying.reliability.outage-seconds} and started while 凤岭社区
     * raises calls: every service's readiness DOWN meanwhile, ready again within 30 s, and nothing lost.
     * Full run only.
     */
    @Test
    void aKafkaOutageLosesNothingAndReadinessTellsIt() throws Exception {
        assumeTrue(Boolean.getBoolean("huying.reliability.full"), "the full harness only (deploy/local/reliability.sh)");
        int seconds = Integer.getInteger("huying.reliability.outage-seconds", 15);
        String title = "可靠性测试·消息中断";
        Instant since = Instant.now();
        Instant restored;
        boolean sawDown = false;
        try (Load load = new Load("fengling.office", CallChainIT.FENGLING + "/grid-03", title)) {
            SystemUnderTest.sleep(2000);
            LocalInfra.TEST_KAFKA.stop();
            try {
                Instant until = Instant.now().plusSeconds(seconds);
                while (Instant.now().isBefore(until)) {
                    sawDown |= readiness(SystemUnderTest.url("dispatch")) == 503;
                    SystemUnderTest.sleep(1000);
                }
            } finally {
                LocalInfra.TEST_KAFKA.start();
                restored = Instant.now();
            }
            for (String service : SystemUnderTest.runningServices()) {
                String url = SystemUnderTest.url(service);
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> readiness(url) == 200);
            }
            System.out.printf("Kafka stopped %d s: every service ready again %d ms after the broker returned%n", seconds,
                    Duration.between(restored, Instant.now()).toMillis());
            SystemUnderTest.sleep(3000);
            load.close();
            assertThat(sawDown).as("dispatch's readiness DOWN while the broker is away").isTrue();
            try (Dlqs dlqs = new Dlqs()) {
                assertNothingLost("Kafka stopped " + seconds + " s", title, since, dlqs, load);
            }
        }
    }

    /** The dead-letter topics of the chain, read from now on. */
    /**
     * g. Two instances of every service on this box — their own ports, the same databases, the same
     * consumer groups, as two replicas in a cluster — while 松北社区 raises a call every half second
     * through either intake, and 2,000 SLA timers fall due at once; one instance of each is killed
     * (kill -9) midway. Then nothing is lost and nothing is done twice (every accepted call dispatched,
     * its lead task in one inbox once, clocked; no dead letter), every timer step is announced on
     * huying.sla by exactly one event, and a live inbox (SSE) on either instance of the response
     * service received its unit's new task. Last in the class: its calls at 松北's grid stay open, and
     * look-alikes would merge into them.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void twoInstancesOfEveryServiceShareTheWorkAndLoseNothingWhenOneOfEachDies() throws Exception {
        List<String> services = SystemUnderTest.runningServices();
        Instant starting = Instant.now();
        SystemUnderTest.startSecondInstances(services);
        long startMillis = Duration.between(starting, Instant.now()).toMillis();
        String title = "可靠性测试·双实例";
        String run = UUID.randomUUID().toString().substring(0, 8);
        String timerUnit = "/baiyun/songzhou/sections/replicas-" + run;
        URI inbox = URI.create(SystemUnderTest.url("response") + "/api/tasks/stream");
        URI secondInbox = URI.create(SystemUnderTest.url(SystemUnderTest.second("response")) + "/api/tasks/stream");
        Instant since = Instant.now();
        try (Dlqs dlqs = new Dlqs(); TopicProbe sla = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.SLA);
                io.huying.testing.SseStream first = new io.huying.testing.SseStream(inbox, "songzhou.office", JSON);
                io.huying.testing.SseStream second = new io.huying.testing.SseStream(secondInbox, "songzhou.office", JSON);
                Load load = new Load("songbei.office", "/baiyun/songzhou/songbei/grid-01", title,
                        List.of("intake", SystemUnderTest.second("intake")), 100)) {
            // A live inbox on either instance shows a task of its unit, whichever instance's consumer made it.
            JsonNode task = first.await("task", t -> true, Duration.ofSeconds(60));
            String taskId = task.path("taskId").asText();
            assertThat(taskId).isNotEmpty();
            second.await("task", t -> taskId.equals(t.path("taskId").asText()), Duration.ofSeconds(60));

            List<UUID> timerCalls = java.util.stream.Stream.generate(UUID::randomUUID).limit(8).toList();
            insertDueBreaches(run, timerUnit, TIMERS, timerCalls);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> LocalInfra.queryLong("sla_system",
                    "select count(*) from sla_timer t join sla_clock c on c.id = t.clock_id where c.unit_path = ? and t.fired_at is not null",
                    timerUnit) > 0);
            long firedBeforeKill = LocalInfra.queryLong("sla_system",
                    "select count(*) from sla_timer t join sla_clock c on c.id = t.clock_id where c.unit_path = ? and t.fired_at is not null", timerUnit);
            SystemUnderTest.sleep(5000);
            int sentBeforeKill = load.sent.get();
            for (String service : services) {
                SystemUnderTest.kill(SystemUnderTest.second(service));
            }
            // As a Service drops an endpoint whose readiness fails: the calls go to the instance left.
            load.intakes = List.of("intake");
            Instant killed = Instant.now();
            SystemUnderTest.sleep(10_000);
            load.close();
            assertNothingLost("two instances, one of each killed", title, since, dlqs, load);
            long convergedMillis = Duration.between(killed, Instant.now()).toMillis();

            // Every timer step once on huying.sla: one event per clock's breach, however often the relay published it.
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> LocalInfra.queryLong("sla_system",
                    "select count(*) from sla_timer t join sla_clock c on c.id = t.clock_id where c.unit_path = ? and t.fired_at is null",
                    timerUnit) == 0);
            Map<String, Set<String>> eventsByClock = new TreeMap<>();
            // A marker per call, fired after all the others by the surviving instance, lands behind them on the call's partition.
            insertDueBreaches(run + "-mark", timerUnit + "-mark", timerCalls.size(), timerCalls);
            for (UUID call : timerCalls) {
                sla.await(r -> call.toString().equals(r.key()) && r.value().contains(timerUnit + "-mark"), 1, Duration.ofSeconds(60));
            }
            for (ConsumerRecord<String, String> r : sla.await(r -> r.value().contains("\"" + timerUnit + "\""), 0, Duration.ZERO)) {
                JsonNode event = JSON.readTree(r.value());
                eventsByClock.computeIfAbsent(event.at("/data/clockId").asText() + " " + event.path("type").asText(), k -> new java.util.TreeSet<>())
                        .add(event.path("id").asText());
            }
            long twice = eventsByClock.values().stream().filter(ids -> ids.size() > 1).count();
            System.out.printf("two instances: %d services started twice in %d ms; %d calls raised through both intakes (%d before the kill), "
                    + "%d timers due at once (%d fired before the kill); after kill -9 of one instance of each, converged in %d ms; "
                    + "timer steps announced: %d, by more than one event: %d; SSE task %s seen on both instances%n",
                    services.size(), startMillis, load.sent.get(), sentBeforeKill, TIMERS, firedBeforeKill, convergedMillis,
                    eventsByClock.size(), twice, taskId);
            assertThat(eventsByClock).as("breach steps announced").hasSize(TIMERS);
            assertThat(twice).as("timer steps announced by two events (fired twice)").isZero();
        } finally {
            SystemUnderTest.stopSecondInstances();
            try (Connection c = LocalInfra.connect("sla_system"); Statement stop = c.createStatement()) {
                stop.executeUpdate("update sla_clock set state = 'STOPPED' where unit_path like '/baiyun/songzhou/sections/replicas-%'");
            }
        }
    }

    /** SLA timers due at once in the two-instance scenario. */
    private static final int TIMERS = 2000;

    /**
     * As if written by the SLA engine: {@code count} running clocks of {@code unit}, for {@code calls} in turn,
     * each with its breach timer three days overdue.
     */
    private static void insertDueBreaches(String run, String unit, int count, List<UUID> calls) throws java.sql.SQLException {
        try (Connection c = LocalInfra.connect("sla_system");
                java.sql.PreparedStatement clocks = c.prepareStatement("""
                    insert into sla_clock (id, clock_key, kind, call_id, task_id, number, unit_path, street_path, category_code, urgency,
                                           state, started_at, duration_amount, duration_unit, warning_thresholds, policy_version,
                                           calendar_version, deadline, warnings_at)
                    select gen_random_uuid(), 'REPLICAS:' || ? || ':' || g, 'RESOLVE', (cast(? as uuid[]))[g % ? + 1], gen_random_uuid(),
                           'SZ-20261203-' || lpad(g::text, 5, '0'), ?, '/baiyun/songzhou', 'SR-01', 'ROUTINE', 'RUNNING',
                           now() - interval '10 days', 5, 'WORKING_DAYS', '', '2026.1', '2026.1',
                           date_trunc('second', now()) - interval '3 days' + g * interval '1 millisecond', ''
                    from generate_series(1, ?) g""");
                java.sql.PreparedStatement due = c.prepareStatement("""
                    insert into sla_timer (clock_id, step, kind, due_at)
                    select id, 'BREACH', 'BREACH', deadline from sla_clock where unit_path = ?""")) {
            c.setAutoCommit(false);
            clocks.setString(1, run);
            clocks.setString(2, "{" + String.join(",", calls.stream().map(UUID::toString).toList()) + "}");
            clocks.setInt(3, calls.size());
            clocks.setString(4, unit);
            clocks.setInt(5, count);
            clocks.executeUpdate();
            due.setString(1, unit);
            due.executeUpdate();
            c.commit();
        }
    }

    private static final class Dlqs implements AutoCloseable {
        private final List<TopicProbe> probes = new ArrayList<>();

        Dlqs() {
            for (String topic : List.of(Topics.CALLS, Topics.TASKS, Topics.RESPONSES, Topics.FEEDBACK, Topics.SLA)) {
                probes.add(TopicProbe.fromBeginning(LocalInfra.TEST_KAFKA.bootstrap(), Topics.deadLetterOf(topic)));
            }
        }

        long lettersAbout(List<String> calls) {
            long n = 0;
            for (TopicProbe probe : probes) {
                n += probe.toEnd(r -> calls.contains(r.key())).size();
            }
            return n;
        }

        @Override
        public void close() {
            probes.forEach(TopicProbe::close);
        }
    }

    /** Calls raised every half second (or as given) by one office at one grid under one title, until closed; refusals (a service down) counted. */
    private static final class Load implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private final java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();

        /** The instances of intake the calls go to, in turn. */
        private volatile List<String> intakes;

        Load(String user, String grid, String title) {
            this(user, grid, title, List.of("intake"), 500);
        }

        /** As {@link #Load(String, String, String)}, a call every {@code everyMillis}, each to the next of {@code intakes} in turn. */
        Load(String user, String grid, String title, List<String> intakes, long everyMillis) {
            this.intakes = intakes;
            thread = new Thread(() -> {
                Iterator<String> categories = cycle();
                while (running) {
                    try {
                        int n = sent.getAndIncrement();
                        List<String> to = this.intakes;
                        Chain.submitTo(to.get(n % to.size()), user, categories.next(), grid, title);
                    } catch (Throwable e) {
                        failed.incrementAndGet();
                    }
                    SystemUnderTest.sleep(everyMillis);
                }
            }, "reliability-load");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(30_000);
        }
    }

    /**
     * Every call accepted with {@code title} since {@code since} (intake's own record, whatever answer its
     * raiser got) is a dispatch case, every lead task of theirs is in one inbox once, every one has SLA
     * clocks, and no event of theirs was dead-lettered.
     */
    private static void assertNothingLost(String scenario, String title, Instant since, Dlqs dlqs, Load load) {
        List<String> accepted = new ArrayList<>();
        try (Connection c = LocalInfra.connect("intake_system"); java.sql.PreparedStatement ps = c.prepareStatement(
                "select cast(id as text) from calls where status = 'ACCEPTED' and title = ? and raised_at >= ?")) {
            ps.setString(1, title);
            ps.setTimestamp(2, java.sql.Timestamp.from(since.minusSeconds(5)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    accepted.add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Converged converged = converge(accepted, Duration.ofSeconds(180));
        long letters = dlqs.lettersAbout(accepted);
        System.out.printf("%s: %d raised (%d refused while a service was down), %d accepted, %d lead tasks, all in inboxes once and clocked; "
                + "%d dead letters%n", scenario, load.sent.get(), load.failed.get(), accepted.size(), converged.leads(), letters);
        assertThat(accepted).as("calls accepted under " + scenario).isNotEmpty();
        assertThat(converged.duplicates()).as("tasks in an inbox twice").isZero();
        assertThat(letters).as("dead letters about the calls").isZero();
    }

    /** What the chain made of some accepted calls: their lead tasks, and the tasks found in an inbox more than once. */
    private record Converged(long leads, long duplicates) {
    }

    /**
     * Waits until every one of {@code calls} is a dispatch case, every lead task of theirs is in an inbox
     * and every one has SLA clocks, then counts their lead tasks and the tasks in an inbox twice.
     */
    private static Converged converge(List<String> calls, Duration atMost) {
        String ids = String.join(",", calls);
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() ->
                count("dispatch_system", "select count(*) from dispatch_case where cast(call_id as text) = any(string_to_array(?, ','))", ids)
                        == calls.size()
                && count("response_system", "select count(*) from inbox_task where role = 'LEAD' and cast(call_id as text) = any(string_to_array(?, ','))", ids)
                        == count("dispatch_system", "select count(*) from task where role = 'LEAD' and cast(call_id as text) = any(string_to_array(?, ','))", ids)
                && count("sla_system", "select count(distinct call_id) from sla_clock where cast(call_id as text) = any(string_to_array(?, ','))", ids)
                        == calls.size());
        long leads = count("dispatch_system", "select count(*) from task where role = 'LEAD' and cast(call_id as text) = any(string_to_array(?, ','))", ids);
        long duplicates = count("response_system", """
                select count(*) from (select task_id from inbox_task where cast(call_id as text) = any(string_to_array(?, ','))
                group by task_id having count(*) > 1) d""", ids);
        return new Converged(leads, duplicates);
    }

    /**
     * f. Token attacks: a real token turned into each forgery an attacker tries — and a real token of a
     * client without the huying-api audience — gets 401 problem+json from every service.
     */
    @Test
    void forgedAndForeignTokensAreRefusedByEveryService() throws Exception {
        String real = KeycloakTokens.accessToken("fengling.office");
        String[] parts = real.split("\\.");
        ObjectNode header = (ObjectNode) JSON.readTree(decode(parts[0]));
        ObjectNode claims = (ObjectNode) JSON.readTree(decode(parts[1]));
        long now = Instant.now().getEpochSecond();
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("expired", forge(header, claims.deepCopy().put("exp", now - 600).put("iat", now - 1500), parts[2]));
        attacks.put("not yet valid", forge(header, claims.deepCopy().put("nbf", now + 3600).put("iat", now + 3600), parts[2]));
        attacks.put("wrong issuer", forge(header, claims.deepCopy().put("iss", "http://127.0.0.1:8180/realms/other"), parts[2]));
        attacks.put("wrong audience", KeycloakTokens.accessTokenOfClient("admin-cli", "fengling.office"));
        attacks.put("alg none", encode(header.deepCopy().put("alg", "none")) + "." + parts[1] + ".");
        attacks.put("tampered signature", parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1));
        attacks.put("tampered claims", forge(header, claims.deepCopy().put("preferred_username", "huying.admin"), parts[2]));
        attacks.put("unknown key id", forge(header.deepCopy().put("kid", "no-such-key"), claims, parts[2]));
        ObjectNode noRoles = claims.deepCopy();
        noRoles.remove("realm_access");
        attacks.put("no roles", forge(header, noRoles, parts[2]));
        List<String> accepted = new ArrayList<>();
        for (String service : SystemUnderTest.runningServices()) {
            String path = READ_PATHS.get(service);
            if (path == null) {
                continue;
            }
            for (Map.Entry<String, String> attack : attacks.entrySet()) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(SystemUnderTest.url(service) + path))
                        .header("Authorization", "Bearer " + attack.getValue()).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 401 || !answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                    accepted.add(service + " " + path + " with a token " + attack.getKey() + " → " + answer.statusCode());
                }
            }
        }
        assertThat(accepted).as("forged or foreign tokens not answered 401 problem+json").isEmpty();
    }

    /**
     * d. Keycloak stopped (full run only): the tokens it issued before keep working on every service
     * (they are checked against keys the services hold), a token whose key the services do not hold
     * is refused 401 — never a 500 or a hang while they cannot fetch keys — the console still answers
     * a visitor without a session by sending them to the login page, and once Keycloak is back a
     * new login works everywhere.
     */
    @Test
    void withKeycloakAwayIssuedTokensKeepWorkingAndNewLoginsFailCleanly() throws Exception {
        assumeTrue(Boolean.getBoolean("huying.reliability.full"), "the full harness only (deploy/local/reliability.sh)");
        Map<String, String> readers = Map.of("intake", "fengling.office", "dispatch", "jinsha.dispatcher", "response", "urban.section",
                "feedback", "fengling.office", "sla", "baiyun.ops", "notify", "fengling.office");
        Map<String, String> issued = new TreeMap<>();
        for (String service : SystemUnderTest.runningServices()) {
            if (READ_PATHS.containsKey(service)) {
                issued.put(service, KeycloakTokens.accessToken(readers.get(service)));
            }
        }
        String[] parts = issued.values().iterator().next().split("\\.");
        ObjectNode header = (ObjectNode) JSON.readTree(decode(parts[0]));
        String unknownKey = forge(header.deepCopy().put("kid", "no-such-key"), JSON.readTree(decode(parts[1])), parts[2]);
        List<String> wrong = new ArrayList<>();
        LocalInfra.launcher(List.of("keycloak", "stop"), 60);
        try {
            for (Map.Entry<String, String> e : issued.entrySet()) {
                int status = get(SystemUnderTest.url(e.getKey()) + READ_PATHS.get(e.getKey()), e.getValue()).statusCode();
                if (status != 200) {
                    wrong.add(e.getKey() + " with a token issued before Keycloak stopped → " + status);
                }
                Instant asked = Instant.now();
                HttpResponse<String> answer = get(SystemUnderTest.url(e.getKey()) + READ_PATHS.get(e.getKey()), unknownKey);
                if (answer.statusCode() != 401 || Duration.between(asked, Instant.now()).toSeconds() > 10) {
                    wrong.add(e.getKey() + " with a token of an unknown key while Keycloak is away → " + answer.statusCode() + " after "
                            + Duration.between(asked, Instant.now()).toMillis() + " ms");
                }
            }
            if (SystemUnderTest.hasGateway()) {
                HttpResponse<String> visit = http.send(HttpRequest.newBuilder(URI.create(SystemUnderTest.url("gateway") + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (visit.statusCode() != 302 || !visit.headers().firstValue("Location").orElse("").contains("/protocol/openid-connect/auth")) {
                    wrong.add("the console to a visitor without a session while Keycloak is away → " + visit.statusCode());
                }
            }
        } finally {
            LocalInfra.launcher(List.of("keycloak", "start"), 180);
        }
        for (String service : issued.keySet()) {
            int status = get(SystemUnderTest.url(service) + READ_PATHS.get(service), KeycloakTokens.accessToken(readers.get(service))).statusCode();
            if (status != 200) {
                wrong.add(service + " with a token issued after Keycloak returned → " + status);
            }
        }
        System.out.printf("Keycloak stopped: %d services checked with tokens issued before, a token of an unknown key, and the console%n",
                issued.size());
        assertThat(wrong).as("answers while and after Keycloak was away").isEmpty();
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String decode(String part) {
        return new String(java.util.Base64.getUrlDecoder().decode(part), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String encode(JsonNode node) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A token with this header and these claims under the original token's signature (which no longer matches). */
    private static String forge(JsonNode header, JsonNode claims, String signature) {
        return encode(header) + "." + encode(claims) + "." + signature;
    }

    private record Operation(String service, String method, String path, boolean json, boolean multipart) {
    }

    private record Fuzzed(String path, String contentType, String body) {
    }

    /** POST, PUT, PATCH and DELETE operations of every service's OpenAPI document. */
    private List<Operation> writeOperations() throws Exception {
        List<Operation> operations = new ArrayList<>();
        for (String service : SystemUnderTest.runningServices()) {
            HttpResponse<String> doc = http.send(HttpRequest.newBuilder(URI.create(SystemUnderTest.url(service) + "/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode paths = JSON.readTree(doc.body()).path("paths");
            paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
                String m = method.getKey().toUpperCase();
                if (Set.of("POST", "PUT", "PATCH", "DELETE").contains(m)) {
                    JsonNode content = method.getValue().path("requestBody").path("content");
                    operations.add(new Operation(service, m, path.getKey(), content.has("application/json"), content.has("multipart/form-data")));
                }
            }));
        }
        return operations;
    }

    /** A request for {@code op}: path parameters filled, and a body broken one way or another. */
    private static Fuzzed fuzz(Operation op, String marker, Random random, boolean unknownIdsOnly) {
        Matcher params = Pattern.compile("\\{[^}]+}").matcher(op.path());
        StringBuilder path = new StringBuilder();
        while (params.find()) {
            String value = unknownIdsOnly ? UUID.randomUUID().toString() : switch (random.nextInt(6)) {
                case 0 -> "not-a-uuid";
                case 1 -> "huying.tasks";
                case 2 -> "%00";
                default -> UUID.randomUUID().toString();
            };
            params.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        params.appendTail(path);
        if (op.multipart()) {
            return new Fuzzed(path.toString(), random.nextBoolean() ? "multipart/form-data" : "multipart/form-data; boundary=x",
                    "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + marker + "\u0000.jpg\"\r\n\r\n" + marker + "\r\n--x--");
        }
        return switch (random.nextInt(10)) {
            case 0 -> new Fuzzed(path.toString(), "application/json", "{\"" + marker + "\": ");
            case 1 -> new Fuzzed(path.toString(), "text/plain", marker);
            case 2 -> new Fuzzed(path.toString(), "application/json", "[\"" + marker + "\"]");
            case 3 -> new Fuzzed(path.toString(), null, null);
            default -> new Fuzzed(path.toString(), "application/json", body(marker, random).toString());
        };
    }

    /** A JSON object of the fields Huying's write requests use, each filled at random, every text marked. */
    private static ObjectNode body(String marker, Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode body = f.objectNode();
        String[] fields = {"categoryCode", "urgency", "requestType", "title", "description", "location", "reporter", "channel", "attachments",
            "files", "reason", "note", "kind", "result", "evidence", "requestedDeadline", "leadUnit", "assistingUnits", "approved", "comment",
            "resolved", "satisfaction", "taskIds", "username", "version", "rules", "year", "days", "text", "code", "decision", "reasonCode",
            "mergeInto", "categories", marker};
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            body.set(fields[random.nextInt(fields.length)], value(marker, random, 0));
        }
        if (random.nextInt(3) == 0) {
            // Near a valid call, one field broken.
            ObjectNode location = body.putObject("location");
            location.put("address", marker + "路1号");
            location.put("gridPath", "/baiyun/jinsha/pingle/grid-02");
            body.put("categoryCode", "SR-01");
            body.put("urgency", "一般");
            body.put("requestType", "求助");
            body.put("title", marker + (random.nextBoolean() ? "\u0000" : "\u001b"));
            body.put("description", marker);
            body.put("channel", "GRID_INSPECTION");
        }
        return body;
    }

    private static JsonNode value(String marker, Random random, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(depth > 2 ? 9 : 11)) {
            case 0 -> f.textNode(marker + "\u0000");
            case 1 -> f.textNode(marker + "x".repeat(random.nextInt(8) == 0 ? 70_000 : 2_000));
            case 2 -> f.textNode(marker + "\uD800");
            case 3 -> f.numberNode(random.nextBoolean() ? Long.MAX_VALUE : -1);
            case 4 -> f.numberNode(1e308 * 10);
            case 5 -> f.nullNode();
            case 6 -> f.booleanNode(random.nextBoolean());
            case 7 -> f.textNode(marker + "2099-12-31T23:59:59Z");
            case 8 -> f.textNode(marker + "<script>alert(1)</script>' or 1=1 --");
            case 9 -> {
                ArrayNode array = f.arrayNode();
                for (int i = 0; i < random.nextInt(4); i++) {
                    array.add(value(marker, random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = f.objectNode();
                object.set(marker, value(marker, random, depth + 1));
                object.set("address", value(marker, random, depth + 1));
                yield object;
            }
        };
    }

    private static List<String> tables(String database) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = LocalInfra.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** The request numbers whose marker ({@code prefix<n>x}) a row of {@code table} holds. */
    private static List<Integer> markersIn(String database, String table, String prefix) throws Exception {
        List<Integer> found = new ArrayList<>();
        Pattern marker = Pattern.compile(Pattern.quote(prefix) + "(\\d+)x");
        try (Connection c = LocalInfra.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select t::text from \"" + table + "\" t where t::text like '%" + prefix + "%'")) {
            while (rs.next()) {
                Matcher m = marker.matcher(rs.getString(1));
                while (m.find()) {
                    found.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        return found;
    }

    private static Iterator<String> cycle() {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                return CATEGORIES.get(i++ % CATEGORIES.size());
            }
        };
    }

    /** Raises {@code n} calls as 平乐 at its grid-02; the accepted ones' ids go to {@code accepted} (the others merged). */
    /** Raises {@code n} calls as 平乐; the accepted ones' ids go to {@code accepted}, any other answer is counted by status. */
    private static void raiseSome(List<String> accepted, Map<Integer, Integer> refusals, Iterator<String> categories, int n) {
        for (int i = 0; i < n; i++) {
            io.restassured.response.Response answer = Chain.as("pingle.office", "intake")
                    .header("Idempotency-Key", "reliability-" + UUID.randomUUID())
                    .body(Map.of("categoryCode", categories.next(), "urgency", "紧急", "requestType", "投诉", "title", "可靠性测试呼叫",
                            "description", "可靠性测试呼叫，请尽快处理。",
                            "location", Map.of("address", "可靠性测试路" + ADDRESSES.incrementAndGet() + "号", "gridPath", CallChainIT.PINGLE + "/grid-02"),
                            "reporter", Map.of("name", "李女士", "phone", "13800138000"), "channel", "GRID_INSPECTION"))
                    .post("/api/calls");
            if (answer.statusCode() != 201) {
                refusals.merge(answer.statusCode(), 1, Integer::sum);
                if (answer.statusCode() >= 500) {
                    assertThat(answer.contentType()).as("a refusal's content type").startsWith("application/problem+json");
                }
            } else if ("ACCEPTED".equals(answer.jsonPath().getString("status"))) {
                accepted.add(answer.jsonPath().getString("id"));
            }
        }
    }

    private int readiness(String base) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Refuses or allows new connections to {@code database}; refusing also ends the ones it has (the server keeps running). */
    private static void setConnections(String database, boolean allowed) throws Exception {
        try (Connection c = LocalInfra.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("alter database " + database + " allow_connections " + allowed);
            if (!allowed) {
                s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "' and pid <> pg_backend_pid()");
            }
        }
    }

    private static long count(String database, String sql, String ids) {
        return LocalInfra.queryLong(database, sql, ids);
    }

    private static String abbreviate(String body) {
        return body == null ? "(none)" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
