package io.huying.intake.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.SlaCalendarProvisional;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.intake.CallLifecycle;
import io.huying.intake.TimelineEntry;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The step each event becomes, for the cases the end-to-end timeline test does not walk through. */
class TimelineStepsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final UUID CALL = UUID.randomUUID();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theSlaEnginesProvisionalCalendarWarningIsNoStepOfAnyTimeline() {
        ObjectNode data = json.createObjectNode();
        data.putArray("years").addObject().put("year", 2027);
        CloudEvent warning = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID(), "/huying/sla",
                EventTypes.SLA_CALENDAR_PROVISIONAL, Instant.now(), SlaCalendarProvisional.SUBJECT.toString(), CloudEvent.DATA_CONTENT_TYPE, data, null);
        assertThat(Timeline.projects(warning)).isFalse();
        assertThat(Timeline.entry(warning, CALL, SHANGHAI)).isNull();
    }

    @Test
    void anAssistingTaskSaysSoWhateverWhyItWasDispatchedAndDoesNotMoveTheCall() {
        for (DispatchReason reason : DispatchReason.values()) {
            ObjectNode data = json.createObjectNode().put("role", "ASSIST").put("unitPath", "/baiyun/departments/housing")
                    .put("reason", reason.name()).put("round", 1);
            TimelineEntry step = Timeline.entry(event(EventTypes.TASK_DISPATCHED, data), CALL, SHANGHAI);
            assertThat(step.label).as(reason.name()).endsWith("（协办）");
            assertThat(step.lifecycle).as(reason.name()).isNull();
        }
    }

    @Test
    void aDispatchOrQueueingWrittenBeforeReasonsExistedReadsAsTheFirstOne() {
        ObjectNode dispatched = json.createObjectNode().put("role", "LEAD").put("unitPath", "/baiyun/jinsha/sections/urban");
        dispatched.putObject("dispatchedBy").put("kind", "RULE").put("ruleId", "JS-COMMUNITY-SR");
        TimelineEntry step = Timeline.entry(event(EventTypes.TASK_DISPATCHED, dispatched), CALL, SHANGHAI);
        assertThat(step.label).isEqualTo("派遣（主办）");
        assertThat(step.note).isEqualTo("规则 JS-COMMUNITY-SR");
        assertThat(step.lifecycle).isEqualTo(CallLifecycle.DISPATCHED);

        TimelineEntry queued = Timeline.entry(event(EventTypes.DISPATCH_QUEUED, json.createObjectNode().put("queueUnit", "/baiyun")),
                CALL, SHANGHAI);
        assertThat(queued.label).isEqualTo("待人工派遣");
        assertThat(queued.unitPath).isEqualTo("/baiyun");
        assertThat(queued.lifecycle).isEqualTo(CallLifecycle.QUEUED);
    }

    @Test
    void anExtensionApprovedWithoutCommentShowsTheNewDeadlineInTheIntakeZoneAndDoesNotMoveTheCall() {
        ObjectNode data = json.createObjectNode().put("approved", true).put("grantedDeadline", "2026-12-01T10:00:00Z")
                .put("unitPath", "/baiyun/jinsha/sections/urban").putNull("comment");
        data.putObject("decidedBy").put("username", "jinsha.dispatcher");
        TimelineEntry step = Timeline.entry(event(EventTypes.TASK_EXTENSION_DECIDED, data), CALL, SHANGHAI);
        assertThat(step.label).isEqualTo("延期批准");
        assertThat(step.note).isEqualTo("新期限 2026-12-01 18:00");
        assertThat(step.actor).isEqualTo("jinsha.dispatcher");
        assertThat(step.lifecycle).isNull();
    }

    @Test
    void aBreachAndItsEscalationAreStepsThatDoNotMoveTheCallWhileClockStartsWarningsAndStopsAreNone() {
        ObjectNode breached = json.createObjectNode().put("clock", "SIGN_FOR").put("unitPath", "/baiyun/jinsha/sections/urban")
                .put("deadline", "2026-09-20T09:00:00Z");
        TimelineEntry breach = Timeline.entry(event(EventTypes.SLA_BREACHED, breached), CALL, SHANGHAI);
        assertThat(breach.label).isEqualTo("签收超时");
        assertThat(breach.unitPath).isEqualTo("/baiyun/jinsha/sections/urban");
        assertThat(breach.note).isEqualTo("期限 2026-09-20 17:00");
        assertThat(breach.lifecycle).isNull();

        ObjectNode escalated = breached.deepCopy().put("level", "SUPERVISE").put("notifiedUnit", "/baiyun/jinsha");
        TimelineEntry supervise = Timeline.entry(event(EventTypes.SLA_ESCALATED, escalated), CALL, SHANGHAI);
        assertThat(supervise.label).isEqualTo("督办");
        assertThat(supervise.unitPath).isEqualTo("/baiyun/jinsha");
        assertThat(supervise.note).isEqualTo("签收超时，承办单位 /baiyun/jinsha/sections/urban，期限 2026-09-20 17:00");

        ObjectNode urged = breached.deepCopy().put("level", "URGE").put("notifiedUnit", "/baiyun/jinsha/sections/urban");
        TimelineEntry urge = Timeline.entry(event(EventTypes.SLA_ESCALATED, urged), CALL, SHANGHAI);
        assertThat(urge.label).isEqualTo("催办");
        assertThat(urge.note).isEqualTo("签收即将超时，承办单位 /baiyun/jinsha/sections/urban，期限 2026-09-20 17:00");

        for (String type : new String[] {EventTypes.SLA_CLOCK_STARTED, EventTypes.SLA_WARNING, EventTypes.SLA_CLOCK_STOPPED,
                EventTypes.SLA_DEADLINE_CHANGED}) {
            assertThat(Timeline.entry(event(type, breached), CALL, SHANGHAI)).as(type).isNull();
        }
    }

    private static CloudEvent event(String type, ObjectNode data) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID(), "/huying/dispatch", type, Instant.now(), CALL.toString(),
                CloudEvent.DATA_CONTENT_TYPE, data, null);
    }
}
