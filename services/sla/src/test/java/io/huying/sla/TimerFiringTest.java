package io.huying.sla;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Topics;
import io.huying.contracts.events.SlaEscalated.Level;
import io.huying.sla.domain.PlannedTimer;
import io.huying.sla.service.Timers;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Durable timers: rows written before a "restart" fire after it, each exactly once, however many
 * pollers claim at the same time — and a timer of a clock that is no longer running never fires.
 */
@QuarkusTest
class TimerFiringTest {
    private static final int CLOCKS = 1500;
    private static final int CALLS = 6;
    private static final String BREACHED = "huying.sla.breached.v1";

    @Inject
    Timers timers;
    @Inject
    ObjectMapper json;

    @Test
    void overdueTimersLeftFromBeforeARestartFireExactlyOnceUnderConcurrentPollers() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String unit = "/baiyun/jinsha/sections/load-" + run;
        String markerUnit = "/baiyun/jinsha/sections/mark-" + run;
        // The clocks belong to a few calls, so that one marker per call (per key, so per partition) can
        // prove that every breach announced before it has been read.
        List<UUID> calls = Stream.generate(UUID::randomUUID).limit(CALLS).toList();
        try (TopicProbe sla = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.SLA)) {
            insertClocks(run, unit, CLOCKS, calls);
            insertDueBreaches(unit);

            // Two pollers of "other instances" claim at once, besides this instance's own poller.
            ExecutorService pollers = Executors.newFixedThreadPool(2);
            try {
                Callable<Integer> poller = () -> {
                    int fired = 0;
                    for (int n = -1; n != 0; ) {
                        n = fireDue(250);
                        fired += n;
                    }
                    return fired;
                };
                List<Future<Integer>> results = List.of(pollers.submit(poller), pollers.submit(poller));
                for (Future<Integer> result : results) {
                    result.get();
                }
            } finally {
                pollers.shutdown();
            }

            Predicate<ConsumerRecord<String, String>> breachOfThisRun = r -> r.value().contains(unit) && r.value().contains(BREACHED);
            sla.await(breachOfThisRun, CLOCKS, Duration.ofSeconds(60));
            // Markers: a clock of each call breached after all of the above fired, announced after them on its call's partition.
            insertClocks(run + "-mark", markerUnit, CALLS, calls);
            insertDueBreaches(markerUnit);
            for (int n = -1; n != 0; ) {
                n = fireDue(250);
            }
            List<ConsumerRecord<String, String>> seen = List.of();
            for (UUID call : calls) {
                seen = sla.distinctUntil(breachOfThisRun, r -> call.toString().equals(r.key()) && r.value().contains(markerUnit)
                        && r.value().contains(BREACHED), Duration.ofSeconds(60));
            }
            // By event id: the relay publishes at least once, so a record sent twice is not a second breach.
            List<String> clockIds = seen.stream().map(r -> clockId(r.value())).toList();
            assertThat(clockIds).as("one breach per clock").hasSize(CLOCKS).doesNotHaveDuplicates();
        }
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_timer t join sla_clock c on c.id = t.clock_id "
                + "where c.unit_path = ? and c.state = 'RUNNING' and t.fired_at is null", unit)).isZero();
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where unit_path = ? and breached_at = deadline",
                unit)).isEqualTo(CLOCKS);
        // A due timer of a clock that no longer runs is dropped: stamped so no poll takes it again,
        // claimed by none, announced nowhere (the breaches above are exactly one per running clock).
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_timer t join sla_clock c on c.id = t.clock_id "
                + "where c.clock_key = ? and t.fired_at is not null and t.claim is null", "LOAD:" + run + ":stopped"))
                .as("the stopped clock's timer is dropped, never fired").isEqualTo(1);
        // Done with them: stopped, so that later recomputes in this run need not go through them.
        try (Connection c = LocalInfra.connect(SlaTestInfra.DATABASE);
                PreparedStatement stop = c.prepareStatement("update sla_clock set state = 'STOPPED' where unit_path in (?, ?)")) {
            stop.setString(1, unit);
            stop.setString(2, markerUnit);
            stop.executeUpdate();
        }
    }

    @Test
    void aBreachFiredLaterContinuesTheTraceOfItsClockAndIsCounted() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String unit = "/baiyun/jinsha/sections/trace-" + run;
        UUID call = UUID.randomUUID();
        String traceparent = "00-" + UUID.randomUUID().toString().replace("-", "") + "-" + run + run + "-01";
        double before = breaches();
        try (TopicProbe sla = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.SLA)) {
            insertClocks(run, unit, 1, List.of(call));
            try (Connection c = LocalInfra.connect(SlaTestInfra.DATABASE);
                    PreparedStatement traced = c.prepareStatement("update sla_clock set traceparent = ? where unit_path = ?")) {
                traced.setString(1, traceparent);
                traced.setString(2, unit);
                traced.executeUpdate();
            }
            insertDueBreaches(unit);
            for (int n = -1; n != 0; ) {
                n = fireDue(250);
            }
            ConsumerRecord<String, String> breach = sla.await(r -> call.toString().equals(r.key()) && r.value().contains(unit)
                    && r.value().contains(BREACHED), 1, Duration.ofSeconds(60)).get(0);
            assertThat(new String(breach.headers().lastHeader("traceparent").value(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(traceparent);
            assertThat(json.readTree(breach.value()).path("traceparent").asText()).isEqualTo(traceparent);
        }
        // Counted once, by the clock's kind and its unit's level (a unit the org tree does not know: UNKNOWN).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> breaches() == before + 1);
        try (Connection c = LocalInfra.connect(SlaTestInfra.DATABASE);
                PreparedStatement stop = c.prepareStatement("update sla_clock set state = 'STOPPED' where unit_path = ?")) {
            stop.setString(1, unit);
            stop.executeUpdate();
        }
    }

    /** huying_sla_breaches_total of RESOLVE clocks of units the org tree does not know; 0 before the first. */
    private static double breaches() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^huying_sla_breaches_total\\{([^}]*)} (\\S+)$")
                .matcher(io.restassured.RestAssured.get("/q/metrics").asString());
        while (m.find()) {
            if (m.group(1).contains("kind=\"RESOLVE\"") && m.group(1).contains("unit_level=\"UNKNOWN\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    /**
     * A new clock's timer rows are worked out in Java, a clock planned anew's by database function
     * {@code sla_next_steps}: for the same plan both give the same rows — the steps due first (two here,
     * at one time), the first in plan order carrying the later steps in due order.
     */
    @Test
    void aNewClocksTimerRowsAreThoseTheDatabaseFunctionPlans() throws Throwable {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String unit = "/baiyun/jinsha/sections/plan-" + run;
        insertClocks(run, unit, 1, List.of(UUID.randomUUID()));
        List<UUID> ids = Stream.of(LocalInfra.queryString(SlaTestInfra.DATABASE,
                "select string_agg(id::text, ',' order by clock_key) from sla_clock where unit_path = ?", unit).split(",")).map(UUID::fromString).toList();
        // Ahead of now, so no poller fires a step while the two plans are compared; nanoseconds, which PostgreSQL cuts to micros.
        Instant warn = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).plusNanos(123_456_789);
        List<PlannedTimer> plan = List.of(
                PlannedTimer.breach(warn.plusSeconds(7200)),
                PlannedTimer.warning(75, warn),
                PlannedTimer.escalation(Level.SUPERVISE, unit, warn.plusSeconds(86_400)),
                PlannedTimer.escalation(Level.URGE, unit, warn),
                PlannedTimer.warning(90, warn.plusSeconds(1800)));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> timers.write(Set.of(), Map.of(ids.get(0), plan))
                .chain(() -> timers.write(Set.of(ids.get(1)), Map.of(ids.get(1), plan)))));

        // Times in the ride-along steps compared as times: Java writes 'Z' where PostgreSQL writes '+00:00'.
        String rows = """
                select string_agg(concat_ws('|', step, kind, threshold, level, notified_unit, due_at,
                                            (select jsonb_agg(e || jsonb_build_object('due_at', cast(e ->> 'due_at' as timestamptz)) order by o)
                                             from jsonb_array_elements(following) with ordinality as f(e, o))), E'\\n' order by step)
                from sla_timer where clock_id = ?""";
        String fresh = LocalInfra.queryString(SlaTestInfra.DATABASE, rows, ids.get(0));
        assertThat(fresh).isEqualTo(LocalInfra.queryString(SlaTestInfra.DATABASE, rows, ids.get(1)));
        assertThat(fresh.lines()).hasSize(2);
        assertThat(LocalInfra.queryString(SlaTestInfra.DATABASE, "select following::text from sla_timer where clock_id = ? and step = 'WARNING:75'",
                ids.get(0))).containsSubsequence("WARNING:90", "BREACH", "SUPERVISE:");
    }

    private String clockId(String value) {
        try {
            return json.readTree(value).at("/data/clockId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int fireDue(int limit) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> timers.fireDue(limit));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * As if written before the service went down: {@code last} running clocks whose breach is three days
     * overdue, and one stopped clock, of the calls {@code calls} in turn.
     */
    private static void insertClocks(String run, String unit, int last, List<UUID> calls) throws SQLException {
        try (Connection c = LocalInfra.connect(SlaTestInfra.DATABASE);
                PreparedStatement clocks = c.prepareStatement("""
                    insert into sla_clock (id, clock_key, kind, call_id, task_id, number, unit_path, street_path, category_code, urgency,
                                           state, started_at, duration_amount, duration_unit, warning_thresholds, policy_version,
                                           calendar_version, deadline, warnings_at)
                    select gen_random_uuid(), 'LOAD:' || ? || ':' || case when g = 0 then 'stopped' else g::text end, 'RESOLVE',
                           (cast(? as uuid[]))[g % ? + 1], gen_random_uuid(), 'JS-20261128-' || lpad(g::text, 5, '0'), ?, '/baiyun/jinsha', 'SR-01',
                           'ROUTINE', case when g = 0 then 'STOPPED' else 'RUNNING' end, now() - interval '10 days', 5, 'WORKING_DAYS', '',
                           '2026.1', '2026.1', date_trunc('second', now()) - interval '3 days' + g * interval '1 millisecond', ''
                    from generate_series(0, ?) g""")) {
            clocks.setString(1, run);
            clocks.setString(2, "{" + String.join(",", calls.stream().map(UUID::toString).toList()) + "}");
            clocks.setInt(3, calls.size());
            clocks.setString(4, unit);
            clocks.setInt(5, last);
            clocks.executeUpdate();
        }
    }

    /** Each of the unit's clocks with its breach timer due at its deadline. */
    private static void insertDueBreaches(String unit) throws SQLException {
        try (Connection c = LocalInfra.connect(SlaTestInfra.DATABASE);
                PreparedStatement due = c.prepareStatement("""
                        insert into sla_timer (clock_id, step, kind, due_at)
                        select id, 'BREACH', 'BREACH', deadline from sla_clock where unit_path = ?""")) {
            due.setString(1, unit);
            due.executeUpdate();
        }
    }
}
