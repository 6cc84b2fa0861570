package io.huying.sla;

import static io.huying.sla.Lifecycle.URBAN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Urgency;
import io.huying.contracts.calendar.WorkingCalendar;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.schema.EventSchemas;
import io.huying.sla.domain.SlaDuration;
import io.huying.sla.domain.SlaPolicy;
import io.huying.sla.service.ClockRecompute;
import io.huying.sla.service.SlaRules;
import io.huying.testing.LocalInfra;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What moves a running deadline: 延期 (an approved extension), 挂起/恢复 (a pause), and a new policy
 * (recompute), which keeps the time already used. "Now" stands still in September 2026, so no timer
 * of these clocks falls due while the test looks.
 */
@QuarkusTest
class ClockTermsTest {
    private static final Instant MONDAY_0900 = at("2026-09-14T09:00");

    @Inject
    ObjectMapper json;
    @Inject
    MovableClock clock;
    @Inject
    SlaRules rules;
    @Inject
    ClockRecompute recompute;

    private Lifecycle lifecycle;

    @BeforeEach
    void open() {
        clock.set(MONDAY_0900);
        lifecycle = new Lifecycle(json);
    }

    @AfterEach
    void close() {
        clock.reset();
        lifecycle.close();
    }

    @Test
    void anApprovedExtensionMovesTheResolveDeadlineAndItsWarningsAndBreach() {
        Lifecycle.Call call = Lifecycle.newCall("SR-01", Urgency.ROUTINE);
        UUID task = UUID.randomUUID();
        lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, MONDAY_0900));
        String key = "RESOLVE:" + task;
        awaitDeadline(key, at("2026-09-20T09:00"));
        long warningBefore = epoch("select extract(epoch from due_at)::bigint from sla_timer_plan t join sla_clock c on c.id = t.clock_id "
                + "where c.clock_key = ? and t.step = 'WARNING:50'", key);

        Instant granted = at("2026-10-16T17:30");
        lifecycle.publish(lifecycle.extensionApproved(call, task, URBAN, granted, MONDAY_0900.plusSeconds(3600)));
        awaitDeadline(key, granted);
        assertThat(epoch("select extract(epoch from due_at)::bigint from sla_timer_plan t join sla_clock c on c.id = t.clock_id "
                + "where c.clock_key = ? and t.step = 'BREACH' and t.fired_at is null", key)).isEqualTo(granted.getEpochSecond());
        long warningAfter = epoch("select extract(epoch from due_at)::bigint from sla_timer_plan t join sla_clock c on c.id = t.clock_id "
                + "where c.clock_key = ? and t.step = 'WARNING:50'", key);
        assertThat(warningAfter).isGreaterThan(warningBefore).isLessThan(granted.getEpochSecond());
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_timer_plan t join sla_clock c on c.id = t.clock_id "
                + "where c.clock_key = ?", key)).as("its seven steps, each once").isEqualTo(7);
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_timer t join sla_clock c on c.id = t.clock_id "
                + "where c.clock_key = ? and t.fired_at is null", key)).as("only the next step is a timer row; the six after it ride along")
                .isEqualTo(1);
        JsonNode moved = lifecycle.sla(call, Lifecycle.of(EventTypes.SLA_DEADLINE_CHANGED, "RESOLVE"), 1).get(0);
        assertThat(new EventSchemas().violations(moved)).isEmpty();
        assertThat(moved.at("/data/reason").asText()).isEqualTo("EXTENDED");
        assertThat(Instant.parse(moved.at("/data/deadline").asText())).isEqualTo(granted);
        assertThat(Instant.parse(moved.at("/data/previousDeadline").asText())).isEqualTo(at("2026-09-20T09:00"));
    }

    @Test
    void aPauseStopsTheClockAndTheResumptionMovesTheDeadlineByThePausedWorkingTime() {
        Lifecycle.Call call = Lifecycle.newCall("SR-02", Urgency.ROUTINE);
        UUID task = UUID.randomUUID();
        String key = "RESOLVE:" + task;
        lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, MONDAY_0900));
        awaitDeadline(key, at("2026-09-20T09:00"));

        CloudEvent suspended = lifecycle.suspended(call, task, URBAN, at("2026-09-15T09:00"));
        CloudEvent resumed = lifecycle.resumed(call, task, URBAN, at("2026-09-15T09:00"), at("2026-09-16T09:00"));
        assertThat(new EventSchemas().violations(json.valueToTree(suspended))).as("dispatch's 挂起 as the contract has it").isEmpty();
        assertThat(new EventSchemas().violations(json.valueToTree(resumed))).isEmpty();
        lifecycle.publish(suspended);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(key).equals("PAUSED"));
        assertThat(pending(key)).as("a paused clock has no timers to fire").isZero();

        lifecycle.publish(resumed);
        // Seven office hours paused: Sun 09-20 09:00 (补班) becomes Mon 09-21 09:00.
        awaitDeadline(key, at("2026-09-21T09:00"));
        assertThat(state(key)).isEqualTo("RUNNING");
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select paused_working_seconds from sla_clock where clock_key = ?", key))
                .isEqualTo(7 * 3600);
        assertThat(epoch("select extract(epoch from due_at)::bigint from sla_timer_plan t join sla_clock c on c.id = t.clock_id "
                + "where c.clock_key = ? and t.step = 'BREACH'", key)).isEqualTo(at("2026-09-21T09:00").getEpochSecond());
        assertThat(pending(key)).isEqualTo(7);
        JsonNode moved = lifecycle.sla(call, Lifecycle.of(EventTypes.SLA_DEADLINE_CHANGED, "RESOLVE"), 1).get(0);
        assertThat(moved.at("/data/reason").asText()).isEqualTo("RESUMED");
        assertThat(Instant.parse(moved.at("/data/deadline").asText())).isEqualTo(at("2026-09-21T09:00"));
    }

    @Test
    void aNewPolicyRecomputesOpenClocksAndKeepsTheTimeAlreadyUsedAndPaused() throws Throwable {
        Lifecycle.Call call = Lifecycle.newCall("SR-03", Urgency.ROUTINE);
        UUID task = UUID.randomUUID();
        String key = "RESOLVE:" + task;
        lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, MONDAY_0900));
        lifecycle.publish(lifecycle.suspended(call, task, URBAN, at("2026-09-15T09:00")));
        lifecycle.publish(lifecycle.resumed(call, task, URBAN, at("2026-09-15T09:00"), at("2026-09-16T09:00")));
        awaitDeadline(key, at("2026-09-21T09:00"));

        SlaPolicy shipped = rules.current().policy();
        String version = "test-" + UUID.randomUUID().toString().substring(0, 8);
        List<SlaPolicy.Rule> threeDays = shipped.rules().stream().map(r -> r.clock() == ClockKind.RESOLVE && r.urgency() == Urgency.ROUTINE
                ? new SlaPolicy.Rule(r.category(), r.urgency(), r.clock(), new SlaDuration(3, SlaDuration.Unit.WORKING_DAYS), List.of(80))
                : r).toList();
        SlaPolicy shorter = new SlaPolicy(version, "shorter resolve", shipped.defaultWarnings(), shipped.returnWindow(), threeDays);
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> rules.activatePolicy(shorter, null)));
            int recomputed = VertxContextSupport.subscribeAndAwait(() -> recompute.recomputeOpenClocks());
            assertThat(recomputed).isPositive();
            // Three working days from Mon 09:00 end Thu 09-17 09:00; the seven paused office hours move it to Fri 09-18 09:00.
            assertThat(deadline(key)).isEqualTo(at("2026-09-18T09:00"));
            assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where clock_key = ? and policy_version = ? "
                    + "and duration_amount = 3 and warning_thresholds = '80'", key, version)).isEqualTo(1);
            assertThat(epoch("select extract(epoch from due_at)::bigint from sla_timer_plan t join sla_clock c on c.id = t.clock_id "
                    + "where c.clock_key = ? and t.step = 'BREACH'", key)).isEqualTo(at("2026-09-18T09:00").getEpochSecond());
            assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_timer_plan t join sla_clock c on c.id = t.clock_id "
                    + "where c.clock_key = ? and t.step like 'WARNING:%'", key)).as("the old thresholds' timers are gone").isEqualTo(1);
        } finally {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> rules.activateStoredPolicy(shipped.version())));
            VertxContextSupport.subscribeAndAwait(() -> recompute.recomputeOpenClocks());
        }
        assertThat(deadline(key)).as("back on the shipped policy").isEqualTo(at("2026-09-21T09:00"));
    }

    private static void awaitDeadline(String key, Instant expected) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadline(key)).isEqualTo(expected));
    }

    private static Instant deadline(String key) {
        long count = LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where clock_key = ?", key);
        return count == 0 ? null : Instant.ofEpochSecond(epoch("select extract(epoch from deadline)::bigint from sla_clock where clock_key = ?", key));
    }

    private static String state(String key) {
        long paused = LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where clock_key = ? and state = 'PAUSED'", key);
        return paused == 1 ? "PAUSED" : "RUNNING";
    }

    private static long pending(String key) {
        return LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_timer_plan t join sla_clock c on c.id = t.clock_id "
                + "where c.clock_key = ? and t.fired_at is null", key);
    }

    private static long epoch(String sql, Object... parameters) {
        return LocalInfra.queryLong(SlaTestInfra.DATABASE, sql, parameters);
    }

    private static Instant at(String shanghaiLocal) {
        return LocalDateTime.parse(shanghaiLocal).atZone(WorkingCalendar.ZONE).toInstant();
    }
}
