package io.huying.sla.domain;

import static io.huying.sla.domain.DeadlinesTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.huying.contracts.Urgency;
import io.huying.contracts.calendar.WorkingCalendar;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaEscalated.Level;
import io.huying.contracts.reference.OrgTree;
import io.huying.sla.domain.SlaDuration.Unit;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 催办 → 督办 → 通报: who is told, and when. */
class EscalationLadderTest {
    private final Deadlines deadlines = new Deadlines(WorkingCalendar.fromClasspath(2025, 2026));
    private final EscalationLadder ladder = new EscalationLadder(OrgTree::load, 75, new SlaDuration(1, Unit.WORKING_DAYS),
            EnumSet.allOf(ClockKind.class));

    @Test
    void aStreetSectionsDispatchersAreItsStreetAndADistrictDepartmentsTheDistrict() {
        assertThat(ladder.dispatchersUnit("/baiyun/jinsha/sections/urban")).isEqualTo("/baiyun/jinsha");
        assertThat(ladder.dispatchersUnit("/baiyun/jinsha/peace")).isEqualTo("/baiyun/jinsha");
        assertThat(ladder.dispatchersUnit("/baiyun/jinsha/fengling")).isEqualTo("/baiyun/jinsha");
        assertThat(ladder.dispatchersUnit("/baiyun/jinsha")).isEqualTo("/baiyun/jinsha");
        assertThat(ladder.dispatchersUnit("/baiyun/departments/housing")).isEqualTo("/baiyun");
        assertThat(ladder.levelAbove("/baiyun/jinsha")).isEqualTo("/baiyun");
        assertThat(ladder.levelAbove("/baiyun")).isEqualTo("/baiyun");
    }

    @Test
    void aSectionsClockWarnsUrgesThenBreachesWithSupervisionOfUnitAndStreetThenNotifiesTheDistrict() {
        ClockSchedule schedule = deadlines.schedule(ClockTerms.of(at("2026-11-23T09:00"), new SlaDuration(1, Unit.WORKING_DAYS), List.of(50, 75)));
        List<PlannedTimer> plan = ladder.plan(ClockKind.SIGN_FOR, Urgency.ROUTINE, "/baiyun/jinsha/sections/urban", schedule, deadlines);
        assertThat(plan).extracting(PlannedTimer::step).containsExactly("WARNING:50", "WARNING:75", "URGE:/baiyun/jinsha/sections/urban",
                "BREACH", "SUPERVISE:/baiyun/jinsha/sections/urban", "SUPERVISE:/baiyun/jinsha", "NOTIFY:/baiyun");
        PlannedTimer urge = plan.get(2);
        assertThat(urge.level()).isEqualTo(Level.URGE);
        assertThat(urge.dueAt()).isEqualTo(plan.get(1).dueAt());
        assertThat(plan.get(3).dueAt()).isEqualTo(at("2026-11-24T09:00"));
        assertThat(plan.get(6).dueAt()).as("one working day after the breach").isEqualTo(at("2026-11-25T09:00"));
    }

    @Test
    void escalationsOfAClockThatIsNotCriticalWaitForOfficeHoursAndCriticalOnesDoNot() {
        // 24 clock hours from Friday 20:00: warnings and breach at the weekend.
        ClockSchedule schedule = deadlines.schedule(ClockTerms.of(at("2026-11-27T20:00"), new SlaDuration(1440, Unit.CLOCK_MINUTES),
                List.of(50, 75)));
        List<PlannedTimer> urgent = ladder.plan(ClockKind.RESOLVE, Urgency.URGENT, "/baiyun/departments/housing", schedule, deadlines);
        assertThat(timer(urgent, "WARNING:75").dueAt()).isEqualTo(at("2026-11-28T14:00"));
        assertThat(timer(urgent, "URGE:/baiyun/departments/housing").dueAt()).isEqualTo(at("2026-11-30T08:30"));
        assertThat(timer(urgent, "BREACH").dueAt()).isEqualTo(at("2026-11-28T20:00"));
        assertThat(timer(urgent, "SUPERVISE:/baiyun/departments/housing").dueAt()).isEqualTo(at("2026-11-30T08:30"));
        assertThat(timer(urgent, "SUPERVISE:/baiyun").dueAt()).isEqualTo(at("2026-11-30T08:30"));
        // One working day after Saturday 20:00 is Monday's close; the report goes out when offices open.
        assertThat(timer(urgent, "NOTIFY:/baiyun").dueAt()).isEqualTo(at("2026-12-01T08:30"));

        List<PlannedTimer> critical = ladder.plan(ClockKind.RESOLVE, Urgency.CRITICAL, "/baiyun/departments/housing", schedule, deadlines);
        assertThat(timer(critical, "URGE:/baiyun/departments/housing").dueAt()).isEqualTo(at("2026-11-28T14:00"));
        assertThat(timer(critical, "SUPERVISE:/baiyun").dueAt()).isEqualTo(at("2026-11-28T20:00"));
        assertThat(timer(critical, "NOTIFY:/baiyun").dueAt()).isEqualTo(at("2026-11-30T17:30"));
    }

    @Test
    void clocksLeftOffTheLadderOnlyWarnAndBreach() {
        EscalationLadder quiet = new EscalationLadder(OrgTree::load, 75, new SlaDuration(1, Unit.WORKING_DAYS), EnumSet.of(ClockKind.RESOLVE));
        ClockSchedule schedule = deadlines.schedule(ClockTerms.of(at("2026-11-23T09:00"), new SlaDuration(3, Unit.WORKING_DAYS), List.of(50, 75)));
        assertThat(quiet.plan(ClockKind.END_TO_END, Urgency.ROUTINE, "/baiyun/jinsha", schedule, deadlines))
                .extracting(PlannedTimer::step).containsExactly("WARNING:50", "WARNING:75", "BREACH");
    }

    private static PlannedTimer timer(List<PlannedTimer> plan, String step) {
        return plan.stream().filter(t -> t.step().equals(step)).findFirst().orElseThrow(() -> new AssertionError("no " + step + " in " + plan));
    }
}
