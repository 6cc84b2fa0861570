package io.huying.sla.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.problem.Violation;
import io.huying.sla.domain.SlaDuration.Unit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped policy (huying/sla/policies.json) and what makes a policy invalid. */
class SlaPolicyTest {
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final SlaPolicy shipped = SlaPolicy.shipped(json);

    @Test
    void theShippedPolicyHasThePracticeDurations() {
        assertThat(shipped.version()).isEqualTo("2026.1");
        assertThat(terms(Urgency.CRITICAL, ClockKind.SIGN_FOR)).isEqualTo(new SlaDuration(30, Unit.CLOCK_MINUTES));
        assertThat(terms(Urgency.CRITICAL, ClockKind.RESOLVE)).isEqualTo(new SlaDuration(1, Unit.SAME_WORKING_DAY));
        assertThat(terms(Urgency.URGENT, ClockKind.SIGN_FOR)).isEqualTo(new SlaDuration(2, Unit.WORKING_HOURS));
        assertThat(terms(Urgency.URGENT, ClockKind.RESOLVE)).isEqualTo(new SlaDuration(1440, Unit.CLOCK_MINUTES));
        assertThat(terms(Urgency.ROUTINE, ClockKind.SIGN_FOR)).isEqualTo(new SlaDuration(1, Unit.WORKING_DAYS));
        assertThat(terms(Urgency.ROUTINE, ClockKind.RESOLVE)).isEqualTo(new SlaDuration(5, Unit.WORKING_DAYS));
        assertThat(terms(Urgency.ROUTINE, ClockKind.VERIFY)).isEqualTo(new SlaDuration(3, Unit.WORKING_DAYS));
        assertThat(terms(Urgency.CRITICAL, ClockKind.DISPATCH)).isEqualTo(new SlaDuration(15, Unit.CLOCK_MINUTES));
        assertThat(terms(Urgency.ROUTINE, ClockKind.END_TO_END)).isEqualTo(new SlaDuration(10, Unit.WORKING_DAYS));
        assertThat(shipped.returnWindow()).isEqualTo(new SlaDuration(2, Unit.WORKING_DAYS));
        assertThat(shipped.termsFor("SR-01", Urgency.ROUTINE, ClockKind.RESOLVE).warnings()).containsExactly(50, 75);
        assertThat(shipped.violations()).isEmpty();
    }

    @Test
    void aCategorysOwnRuleBeatsTheRuleForEveryCategory() {
        assertThat(shipped.termsFor("XF-01", Urgency.ROUTINE, ClockKind.RESOLVE).duration()).isEqualTo(new SlaDuration(2, Unit.WORKING_DAYS));
        assertThat(shipped.termsFor("XF-02", Urgency.ROUTINE, ClockKind.RESOLVE).duration()).isEqualTo(new SlaDuration(5, Unit.WORKING_DAYS));
        assertThat(shipped.termsFor("XF-01", Urgency.URGENT, ClockKind.RESOLVE).duration()).isEqualTo(new SlaDuration(1440, Unit.CLOCK_MINUTES));
    }

    @Test
    void aPolicyReadsBackAsWritten() throws Exception {
        assertThat(json.readValue(json.writeValueAsString(shipped), SlaPolicy.class)).isEqualTo(shipped);
        assertThat(new SlaDuration(5, Unit.WORKING_DAYS)).hasToString("5 WORKING_DAYS");
        assertThat(SlaDuration.parse("1 working_days")).isEqualTo(new SlaDuration(1, Unit.WORKING_DAYS));
    }

    @Test
    void whatChangedIsWrittenRuleByRule() {
        List<SlaPolicy.Rule> rules = new ArrayList<>(shipped.rules());
        rules.replaceAll(r -> r.category().equals("*") && r.urgency() == Urgency.ROUTINE && r.clock() == ClockKind.RESOLVE
                ? new SlaPolicy.Rule("*", Urgency.ROUTINE, ClockKind.RESOLVE, new SlaDuration(4, Unit.WORKING_DAYS), List.of(50, 80)) : r);
        rules.removeIf(r -> r.category().equals("XF-01"));
        rules.add(new SlaPolicy.Rule("QT-01", Urgency.ROUTINE, ClockKind.RESOLVE, new SlaDuration(3, Unit.WORKING_DAYS), null));
        SlaPolicy next = new SlaPolicy("2026.2", "一般件 4 个工作日办结", List.of(50, 75), new SlaDuration(3, Unit.WORKING_DAYS), rules);

        assertThat(next.changesFrom(shipped)).containsExactly(
                "returnWindow: 2 WORKING_DAYS → 3 WORKING_DAYS",
                "* ROUTINE RESOLVE: 5 WORKING_DAYS → 4 WORKING_DAYS warnings [50, 80]",
                "+ QT-01 ROUTINE RESOLVE: 3 WORKING_DAYS",
                "− XF-01 ROUTINE RESOLVE: 2 WORKING_DAYS");
        assertThat(shipped.changesFrom(shipped)).isEmpty();
    }

    @Test
    void violationsNameTheFieldsAtFault() {
        List<SlaPolicy.Rule> rules = new ArrayList<>(shipped.rules());
        rules.removeIf(r -> r.category().equals("*") && r.urgency() == Urgency.URGENT && r.clock() == ClockKind.VERIFY);
        rules.add(new SlaPolicy.Rule("fire", Urgency.ROUTINE, ClockKind.RESOLVE, new SlaDuration(2, Unit.WORKING_DAYS), null));
        rules.add(new SlaPolicy.Rule("SR-01", Urgency.CRITICAL, ClockKind.RESOLVE, new SlaDuration(2, Unit.SAME_WORKING_DAY), List.of(0, 75)));
        rules.add(new SlaPolicy.Rule("XF-01", Urgency.ROUTINE, ClockKind.RESOLVE, new SlaDuration(0, Unit.WORKING_DAYS), null));
        SlaPolicy broken = new SlaPolicy(" ", null, List.of(50, 50), null, rules);
        int n = rules.size();
        assertThat(broken.violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "version", "defaultWarnings[1]", "returnWindow",
                "rules[" + (n - 3) + "].category",
                "rules[" + (n - 2) + "].duration", "rules[" + (n - 2) + "].warnings[0]",
                "rules[" + (n - 1) + "].duration", "rules[" + (n - 1) + "]",
                "rules");
        assertThat(broken.violations()).filteredOn(v -> v.field().equals("rules")).extracting(Violation::message)
                .containsExactly("no rule for category * URGENT VERIFY: every urgency and clock needs one");
    }

    private SlaDuration terms(Urgency urgency, ClockKind clock) {
        return shipped.termsFor("SR-01", urgency, clock).duration();
    }
}
