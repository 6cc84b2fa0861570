package io.huying.sla;

import static io.huying.sla.Lifecycle.URBAN;
import static io.huying.sla.Lifecycle.of;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.schema.EventSchemas;
import io.huying.sla.service.LifecycleEvents;
import io.huying.sla.service.OrphanPurge;
import io.huying.sla.service.SlaRules;
import io.huying.sla.service.Timers;
import io.huying.testing.LocalInfra;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lifecycle events in, clocks and their announcements out on huying.sla. */
@QuarkusTest
class ClockFlowTest {
    @Inject
    ObjectMapper json;
    /** The engine's own calendar provider: expected deadlines come from the calendar the engine uses, whatever the year. */
    @Inject
    SlaRules rules;
    @Inject
    MovableClock clock;
    @Inject
    Timers timers;
    @Inject
    OrphanPurge purge;
    @Inject
    LifecycleEvents lifecycleEvents;

    private Lifecycle lifecycle;
    private final EventSchemas schemas = new EventSchemas();

    @BeforeEach
    void open() {
        lifecycle = new Lifecycle(json);
    }

    @AfterEach
    void close() {
        clock.reset();
        lifecycle.close();
    }

    @Test
    void anAcceptedCallAndItsDispatchedLeadTaskStartFourClocksAnnouncedAsTheSchemasSay() {
        Lifecycle.Call call = Lifecycle.newCall("SR-01", Urgency.ROUTINE);
        Instant accepted = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant dispatched = accepted.plusSeconds(60);
        UUID task = UUID.randomUUID();
        lifecycle.publish(lifecycle.accepted(call, accepted));
        lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, dispatched));

        List<JsonNode> started = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STARTED, null), 4);
        assertThat(started).extracting(e -> e.at("/data/clock").asText())
                .containsExactlyInAnyOrder("DISPATCH", "END_TO_END", "SIGN_FOR", "RESOLVE");
        JsonNode signFor = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STARTED, "SIGN_FOR"), 1).get(0);
        assertThat(signFor.at("/data/taskId").asText()).isEqualTo(task.toString());
        assertThat(signFor.at("/data/unitPath").asText()).isEqualTo(URBAN);
        assertThat(signFor.at("/data/duration").asText()).isEqualTo("1 WORKING_DAYS");
        assertThat(Instant.parse(signFor.at("/data/deadline").asText())).isEqualTo(rules.current().calendar().addWorkingDays(dispatched, 1));
        assertThat(signFor.at("/data/warningsAt")).hasSize(2);
        assertThat(signFor.at("/data/policyVersion").asText()).isEqualTo("2026.1");
        assertThat(signFor.get("source").asText()).isEqualTo("/huying/sla");
        JsonNode dispatch = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STARTED, "DISPATCH"), 1).get(0);
        assertThat(dispatch.at("/data/taskId").isNull()).isTrue();
        assertThat(dispatch.at("/data/unitPath").asText()).isEqualTo(Lifecycle.JINSHA);

        JsonNode dispatchStopped = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STOPPED, "DISPATCH"), 1).get(0);
        assertThat(dispatchStopped.at("/data/outcome").asText()).isEqualTo("MET");
        assertThat(dispatchStopped.at("/data/reason").asText()).isEqualTo(EventTypes.TASK_DISPATCHED);
        assertThat(lifecycle.slaUntil(call, e -> true, of(EventTypes.SLA_CLOCK_STOPPED, "DISPATCH"))).isNotEmpty()
                .allSatisfy(e -> assertThat(schemas.violations(e)).as(e.toString()).isEmpty());
    }

    @Test
    void aCallWaitingForReviewHasItsDispatchClockFromTheRaiseAndARejectionOnReviewStopsIt() {
        Lifecycle.Call accepted = Lifecycle.newCall("SR-01", Urgency.ROUTINE);
        Lifecycle.Call rejected = Lifecycle.newCall("SR-01", Urgency.ROUTINE);
        Instant raised = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant reviewed = raised.plusSeconds(600);
        lifecycle.publish(lifecycle.awaitingReview(accepted, raised));
        lifecycle.publish(lifecycle.acceptedOnReview(accepted, raised, reviewed));
        lifecycle.publish(lifecycle.awaitingReview(rejected, raised));
        lifecycle.publish(lifecycle.rejectedOnReview(rejected, raised, reviewed));

        // The dispatch clock covers the wait: it started at the raise; the end-to-end one at acceptance.
        JsonNode dispatch = lifecycle.sla(accepted, of(EventTypes.SLA_CLOCK_STARTED, "DISPATCH"), 1).get(0);
        assertThat(Instant.parse(dispatch.at("/data/startedAt").asText())).isEqualTo(raised);
        JsonNode endToEnd = lifecycle.sla(accepted, of(EventTypes.SLA_CLOCK_STARTED, "END_TO_END"), 1).get(0);
        assertThat(Instant.parse(endToEnd.at("/data/startedAt").asText())).isEqualTo(reviewed);

        JsonNode stopped = lifecycle.sla(rejected, of(EventTypes.SLA_CLOCK_STOPPED, "DISPATCH"), 1).get(0);
        assertThat(stopped.at("/data/reason").asText()).isEqualTo(EventTypes.CALL_REJECTED);
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where call_id = ?::uuid", rejected.id()))
                .as("a call rejected on review had only its dispatch clock").isEqualTo(1);
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where call_id = ?::uuid and kind = 'DISPATCH'",
                accepted.id())).isEqualTo(1);
    }

    @Test
    void signingForInTimeStopsTheClockMetAndItsBreachNeverFires() throws Throwable {
        Lifecycle.Call call = Lifecycle.newCall("SR-02", Urgency.URGENT);
        UUID task = UUID.randomUUID();
        Instant dispatched = Instant.now();
        lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, dispatched));
        lifecycle.publish(lifecycle.response(EventTypes.TASK_ACKNOWLEDGED, call, task, URBAN, dispatched.plusSeconds(120)));

        JsonNode stopped = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STOPPED, "SIGN_FOR"), 1).get(0);
        assertThat(schemas.violations(stopped)).isEmpty();
        assertThat(stopped.at("/data/outcome").asText()).isEqualTo("MET");
        assertThat(stopped.at("/data/reason").asText()).isEqualTo(EventTypes.TASK_ACKNOWLEDGED);
        String clockId = stopped.at("/data/clockId").asText();
        assertThat(pendingTimers(clockId)).isZero();

        // A month later every timer still pending has fired — none of the stopped clock's.
        clock.advance(Duration.ofDays(30));
        fireAllDue();
        assertThat(lifecycle.sla(call, of(EventTypes.SLA_BREACHED, "RESOLVE"), 1)).hasSize(1);
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_timer where clock_id = ?::uuid and fired_at is not null", clockId))
                .isZero();
        // Marker: the task's completion, published after every timer fired, stops the resolve clock after them.
        lifecycle.publish(lifecycle.response(EventTypes.TASK_COMPLETED, call, task, URBAN, clock.instant()));
        assertThat(lifecycle.slaUntil(call, e -> clockId.equals(e.at("/data/clockId").asText()), of(EventTypes.SLA_CLOCK_STOPPED, "RESOLVE")))
                .extracting(e -> e.path("type").asText()).containsExactly(EventTypes.SLA_CLOCK_STARTED, EventTypes.SLA_CLOCK_STOPPED);
    }

    @Test
    void aClockPastItsDeadlineBreachesOnceAndClimbsTheEscalationLadder() {
        Lifecycle.Call call = Lifecycle.newCall("XF-01", Urgency.CRITICAL);
        UUID task = UUID.randomUUID();
        // Dispatched twenty days ago: 30 minutes to sign for are long gone.
        lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, Instant.now().minus(Duration.ofDays(20))));

        List<JsonNode> breached = lifecycle.sla(call, of(EventTypes.SLA_BREACHED, "SIGN_FOR"), 1);
        List<JsonNode> escalated = lifecycle.sla(call, of(EventTypes.SLA_ESCALATED, "SIGN_FOR"), 4);
        assertThat(escalated).extracting(e -> e.at("/data/level").asText() + " " + e.at("/data/notifiedUnit").asText())
                .containsExactlyInAnyOrder("URGE " + URBAN, "SUPERVISE " + URBAN, "SUPERVISE /baiyun/jinsha", "NOTIFY /baiyun");
        assertThat(lifecycle.sla(call, of(EventTypes.SLA_WARNING, "SIGN_FOR"), 2)).extracting(e -> e.at("/data/threshold").asInt())
                .containsExactlyInAnyOrder(50, 75);

        assertThat(breached.get(0).at("/data/at").asText()).isEqualTo(breached.get(0).at("/data/deadline").asText());
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_timer t join sla_clock c on c.id = t.clock_id "
                + "where c.clock_key = ? and t.fired_at is not null", "SIGN_FOR:" + task))
                .as("the seven steps became timers one due time after another, and each fired once").isEqualTo(7);

        // Signing for now stops it late: BREACHED. Published after the seven fired, it is also the marker that
        // everything they announced has been read.
        lifecycle.publish(lifecycle.response(EventTypes.TASK_ACKNOWLEDGED, call, task, URBAN, Instant.now()));
        List<JsonNode> all = lifecycle.slaUntil(call, e -> e.path("type").asText().startsWith("huying.sla."),
                of(EventTypes.SLA_CLOCK_STOPPED, "SIGN_FOR"));
        assertThat(all).allSatisfy(e -> assertThat(schemas.violations(e)).as(e.toString()).isEmpty());
        assertThat(all).filteredOn(of(EventTypes.SLA_BREACHED, "SIGN_FOR")).hasSize(1);
        assertThat(all).filteredOn(of(EventTypes.SLA_ESCALATED, "SIGN_FOR")).hasSize(4);
        assertThat(all).filteredOn(of(EventTypes.SLA_CLOCK_STOPPED, "SIGN_FOR")).singleElement()
                .satisfies(e -> assertThat(e.at("/data/outcome").asText()).isEqualTo("BREACHED"));
    }

    @Test
    void aSignForThatOvertakesItsDispatchCreatesTheClockAlreadyStoppedAndItNeverBreaches() throws Throwable {
        Lifecycle.Call call = Lifecycle.newCall("SR-03", Urgency.CRITICAL);
        UUID task = UUID.randomUUID();
        Instant dispatched = Instant.now().minus(Duration.ofDays(20));
        lifecycle.publish(lifecycle.response(EventTypes.TASK_ACKNOWLEDGED, call, task, URBAN, dispatched.plusSeconds(600)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> LocalInfra.queryLong(SlaTestInfra.DATABASE,
                "select count(*) from sla_early_stop where clock_key = ?", "SIGN_FOR:" + task) == 1);

        lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, dispatched));
        JsonNode stopped = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STOPPED, "SIGN_FOR"), 1).get(0);
        assertThat(stopped.at("/data/outcome").asText()).isEqualTo("MET");
        assertThat(stopped.at("/data/reason").asText()).isEqualTo(EventTypes.TASK_ACKNOWLEDGED);
        // The resolve clock of the same task ran on and breached; the sign-for clock never warns or breaches.
        lifecycle.sla(call, of(EventTypes.SLA_BREACHED, "RESOLVE"), 1);
        fireAllDue();
        // Marker: the completion, published once nothing is due, stops the resolve clock after all that fired.
        lifecycle.publish(lifecycle.response(EventTypes.TASK_COMPLETED, call, task, URBAN, Instant.now()));
        assertThat(lifecycle.slaUntil(call, e -> "SIGN_FOR".equals(e.at("/data/clock").asText()), of(EventTypes.SLA_CLOCK_STOPPED, "RESOLVE")))
                .extracting(e -> e.path("type").asText()).containsExactly(EventTypes.SLA_CLOCK_STARTED, EventTypes.SLA_CLOCK_STOPPED);
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_early_stop where clock_key = ?", "SIGN_FOR:" + task))
                .as("the early stop is used up").isZero();
    }

    @Test
    void aClosureThatOvertakesItsVerificationStopsTheVerifyClockAtOnce() {
        Lifecycle.Call call = Lifecycle.newCall("SR-04", Urgency.ROUTINE);
        UUID task = UUID.randomUUID();
        Instant now = Instant.now();
        lifecycle.publish(lifecycle.verificationClosed(call, task, 1, now.plusSeconds(30)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> LocalInfra.queryLong(SlaTestInfra.DATABASE,
                "select count(*) from sla_early_stop where call_id = ?::uuid", call.id()) == 2);
        // The verification opens before the engine knows the call: it waits for the call's facts.
        lifecycle.publish(lifecycle.verificationOpened(call, task, 1, now));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> LocalInfra.queryLong(SlaTestInfra.DATABASE,
                "select count(*) from sla_parked_start where call_id = ?::uuid", call.id()) == 1);
        lifecycle.publish(lifecycle.accepted(call, now.minus(Duration.ofDays(3))));

        JsonNode verify = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STOPPED, "VERIFY"), 1).get(0);
        assertThat(verify.at("/data/outcome").asText()).isEqualTo("MET");
        assertThat(verify.at("/data/unitPath").asText()).isEqualTo(Lifecycle.FENGLING);
        assertThat(verify.at("/data/reason").asText()).isEqualTo(EventTypes.VERIFICATION_CLOSED);
        JsonNode endToEnd = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STOPPED, "END_TO_END"), 1).get(0);
        assertThat(endToEnd.at("/data/reason").asText()).isEqualTo(EventTypes.VERIFICATION_CLOSED);
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where call_id = ?::uuid and state <> 'STOPPED' and kind in ('VERIFY', 'END_TO_END')",
                call.id())).isZero();
    }

    @Test
    void stopsAndStartsWhosePartnerNeverCameArePurgedAfterThirtyDaysAndNotBefore() throws Throwable {
        Instant old = Instant.now().minus(Duration.ofDays(31));
        Lifecycle.Call never = Lifecycle.newCall("SR-05", Urgency.ROUTINE);
        UUID oldTask = UUID.randomUUID();
        UUID recentTask = UUID.randomUUID();
        lifecycle.publish(lifecycle.response(EventTypes.TASK_ACKNOWLEDGED, never, oldTask, URBAN, old));
        lifecycle.publish(lifecycle.response(EventTypes.TASK_ACKNOWLEDGED, never, recentTask, URBAN, Instant.now()));
        lifecycle.publish(lifecycle.verificationOpened(never, oldTask, 1, old));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> LocalInfra.queryLong(SlaTestInfra.DATABASE,
                "select count(*) from sla_early_stop where call_id = ?::uuid", never.id()) == 2
                && LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_parked_start where call_id = ?::uuid", never.id()) == 1);

        // Other tests' rows may be purged too: what this test proves is what became of its own.
        VertxContextSupport.subscribeAndAwait(() -> purge.purge());

        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_early_stop where clock_key = ?", "SIGN_FOR:" + oldTask))
                .as("the 31-day-old early stop").isZero();
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_parked_start where call_id = ?::uuid", never.id()))
                .as("the 31-day-old parked start").isZero();
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_early_stop where clock_key = ?", "SIGN_FOR:" + recentTask))
                .as("a recent early stop still waits for its clock").isOne();
    }

    @Test
    void everyEventDeliveredTwiceOrRepeatedUnderANewIdChangesNothing() {
        Lifecycle.Call call = Lifecycle.newCall("SR-05", Urgency.URGENT);
        UUID task = UUID.randomUUID();
        Instant now = Instant.now();
        List<CloudEvent> events = List.of(lifecycle.accepted(call, now), lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, now.plusSeconds(5)),
                lifecycle.response(EventTypes.TASK_ACKNOWLEDGED, call, task, URBAN, now.plusSeconds(10)),
                lifecycle.response(EventTypes.TASK_COMPLETED, call, task, URBAN, now.plusSeconds(20)));
        events.forEach(lifecycle::publish);
        lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STOPPED, "RESOLVE"), 1);

        events.forEach(lifecycle::publish);
        List<CloudEvent> copies = events.stream().map(Lifecycle::copy).toList();
        copies.forEach(lifecycle::publish);
        String copyIds = String.join(",", copies.stream().map(e -> e.id().toString()).toList());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> LocalInfra.queryLong(SlaTestInfra.DATABASE,
                "select count(*) from huying_processed_event where event_id = any(string_to_array(?, ',')::uuid[])", copyIds) == 4);

        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where call_id = ?::uuid", call.id())).isEqualTo(4);
        // The copies were processed, so were the redeliveries before them on each topic. Marker: a further
        // task of the call, published now; its clocks start after whatever the repeats announced.
        UUID marker = publishMarkerTask(call, now.plusSeconds(30));
        assertThat(lifecycle.slaUntil(call, e -> !marker.toString().equals(e.at("/data/taskId").asText()), startOf(marker)))
                .as("4 started; DISPATCH, SIGN_FOR and RESOLVE stopped; nothing announced twice").hasSize(7);
    }

    @Test
    void aReturnStopsTheTasksClocksAndTheNextUnitGetsFreshOnesWhileTheEndToEndClockRunsOn() {
        Lifecycle.Call call = Lifecycle.newCall("MD-01", Urgency.ROUTINE);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String peace = "/baiyun/jinsha/sections/peace";
        String civil = "/baiyun/jinsha/sections/civil";
        Instant now = Instant.now();
        lifecycle.publish(lifecycle.accepted(call, now));
        lifecycle.publish(lifecycle.dispatched(call, first, TaskRole.LEAD, peace, now.plusSeconds(1)));
        lifecycle.publish(lifecycle.response(EventTypes.TASK_RETURNED, call, first, peace, now.plusSeconds(60)));
        lifecycle.publish(lifecycle.dispatched(call, second, TaskRole.LEAD, civil, now.plusSeconds(90)));

        List<JsonNode> stopped = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STOPPED, null).and(e -> !"DISPATCH".equals(e.at("/data/clock").asText())), 2);
        assertThat(stopped).allSatisfy(e -> {
            assertThat(e.at("/data/taskId").asText()).isEqualTo(first.toString());
            assertThat(e.at("/data/reason").asText()).isEqualTo(EventTypes.TASK_RETURNED);
        });
        List<JsonNode> fresh = lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STARTED, null).and(e -> second.toString().equals(e.at("/data/taskId").asText())), 2);
        assertThat(fresh).extracting(e -> e.at("/data/unitPath").asText()).containsOnly(civil);
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where call_id = ?::uuid and kind = 'END_TO_END' and state = 'RUNNING'",
                call.id())).isEqualTo(1);
    }

    @Test
    void aWholeLifecycleAppliedAsOneBatchEndsAsItWouldEventByEventAndAgainChangesNothing() throws Throwable {
        Lifecycle.Call call = Lifecycle.newCall("SR-06", Urgency.URGENT);
        Lifecycle.Call later = Lifecycle.newCall("SR-06", Urgency.ROUTINE);
        UUID task = UUID.randomUUID();
        Instant t = Instant.now();
        List<CloudEvent> batch = List.of(
                // 签收 overtakes 派遣 inside the batch: an early stop made and used up in one transaction
                lifecycle.response(EventTypes.TASK_ACKNOWLEDGED, call, task, URBAN, t.plusSeconds(10)),
                lifecycle.accepted(call, t),
                lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, t.plusSeconds(5)),
                lifecycle.suspended(call, task, URBAN, t.plusSeconds(20)),
                lifecycle.resumed(call, task, URBAN, t.plusSeconds(20), t.plusSeconds(30)),
                lifecycle.response(EventTypes.TASK_COMPLETED, call, task, URBAN, t.plusSeconds(40)),
                lifecycle.verificationOpened(call, task, 1, t.plusSeconds(50)),
                lifecycle.verificationClosed(call, task, 1, t.plusSeconds(60)),
                // a verification parked for its call's facts, which come later in the same batch
                lifecycle.verificationOpened(later, UUID.randomUUID(), 1, t),
                lifecycle.accepted(later, t.minusSeconds(60)));

        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> lifecycleEvents.applyAll(batch)));

        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where call_id = ?::uuid and state = 'STOPPED'",
                call.id())).as("DISPATCH, SIGN_FOR, RESOLVE, VERIFY and END_TO_END stopped").isEqualTo(5);
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, """
                select count(*) from sla_timer t join sla_clock c on c.id = t.clock_id
                where c.call_id = ?::uuid and t.fired_at is null""", call.id())).as("a stopped clock keeps no timer").isZero();
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_early_stop where call_id = ?::uuid", call.id()))
                .as("the early stop is used up").isZero();
        assertThat(lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STOPPED, "SIGN_FOR"), 1).get(0).at("/data/reason").asText())
                .isEqualTo(EventTypes.TASK_ACKNOWLEDGED);
        assertThat(lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STOPPED, "RESOLVE"), 1).get(0).at("/data/reason").asText())
                .isEqualTo(EventTypes.TASK_COMPLETED);
        lifecycle.sla(call, of(EventTypes.SLA_CLOCK_STOPPED, "END_TO_END"), 1);

        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> lifecycleEvents.applyAll(batch)));
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where call_id in (?::uuid, ?::uuid)",
                call.id(), later.id())).isEqualTo(8);
        // Marker: a further task of the call, published after the batch was applied twice; its clocks start after
        // whatever the second application announced.
        UUID marker = publishMarkerTask(call, t.plusSeconds(90));
        List<JsonNode> announced = lifecycle.slaUntil(call, e -> !marker.toString().equals(e.at("/data/taskId").asText()), startOf(marker));
        assertThat(announced).as("nothing announced twice").filteredOn(of(EventTypes.SLA_CLOCK_STARTED, null)).hasSize(5);
        assertThat(announced).filteredOn(of(EventTypes.SLA_CLOCK_STOPPED, null)).hasSize(5);
        assertThat(announced).filteredOn(e -> "SIGN_FOR".equals(e.at("/data/clock").asText())).extracting(e -> e.path("type").asText())
                .as("in the order they happened").containsExactly(EventTypes.SLA_CLOCK_STARTED, EventTypes.SLA_CLOCK_STOPPED);

        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_parked_start where call_id = ?::uuid", later.id()))
                .as("the parked start is used up").isZero();
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, """
                select count(distinct c.kind) from sla_clock c join sla_timer t on t.clock_id = c.id and t.fired_at is null
                where c.call_id = ?::uuid and c.state = 'RUNNING'""", later.id())).as("DISPATCH, VERIFY, END_TO_END run with timers")
                .isEqualTo(3);
    }

    @Test
    void aBatchRecordsEachTasksFactAsEventByEventWouldAnEndBeforeItsDispatchAndATaskDispatchedTwice() throws Throwable {
        Lifecycle.Call call = Lifecycle.newCall("SR-06", Urgency.URGENT);
        UUID completedFirst = UUID.randomUUID();
        UUID twice = UUID.randomUUID();
        String civil = "/baiyun/jinsha/sections/civil";
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<CloudEvent> batch = List.of(
                lifecycle.accepted(call, t),
                // 办结 overtakes its 派遣: the dispatch's unit, role and time still land on the row
                lifecycle.response(EventTypes.TASK_COMPLETED, call, completedFirst, URBAN, t.plusSeconds(40)),
                lifecycle.dispatched(call, completedFirst, TaskRole.LEAD, URBAN, t.plusSeconds(5)),
                // one task announced twice (two events): the first time stands, the last unit and role are kept
                lifecycle.dispatched(call, twice, TaskRole.ASSIST, URBAN, t.plusSeconds(6)),
                lifecycle.dispatched(call, twice, TaskRole.ASSIST, civil, t.plusSeconds(7)));

        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> lifecycleEvents.applyAll(batch)));

        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, """
                select count(*) from sla_task_fact where task_id = ?::uuid and unit_path = ? and role = 'LEAD'
                and dispatched_at = ?::timestamptz and completed_at = ?::timestamptz""",
                completedFirst.toString(), URBAN, t.plusSeconds(5).toString(), t.plusSeconds(40).toString())).isEqualTo(1);
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, """
                select count(*) from sla_task_fact where task_id = ?::uuid and unit_path = ? and role = 'ASSIST'
                and dispatched_at = ?::timestamptz""", twice.toString(), civil, t.plusSeconds(6).toString())).isEqualTo(1);
    }

    /** A further (assisting) task of {@code call}, dispatched at {@code at}: a marker whose clocks start on huying.sla. */
    private UUID publishMarkerTask(Lifecycle.Call call, Instant at) {
        UUID marker = UUID.randomUUID();
        lifecycle.publish(lifecycle.dispatched(call, marker, TaskRole.ASSIST, URBAN, at));
        return marker;
    }

    private static java.util.function.Predicate<JsonNode> startOf(UUID task) {
        return e -> EventTypes.SLA_CLOCK_STARTED.equals(e.path("type").asText()) && task.toString().equals(e.at("/data/taskId").asText());
    }

    private void fireAllDue() throws Throwable {
        while (VertxContextSupport.subscribeAndAwait(() -> timers.fireDue(500)) > 0) {
            // until nothing is due
        }
    }

    private static long pendingTimers(String clockId) {
        return LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_timer where clock_id = ?::uuid and fired_at is null", clockId);
    }
}
