package io.huying.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.events.VerificationReopened;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Publishes what response (TaskResponses) and feedback (Verifications) say about a dispatched task,
 * exactly as their relays do, each event checked against its JSON Schema first.
 */
final class Outcomes implements AutoCloseable {
    private final TestEvents events;
    private final ObjectMapper json;
    private final EventSchemas schemas = new EventSchemas();

    Outcomes(ObjectMapper json) {
        this.json = json;
        this.events = new TestEvents(json);
    }

    /** A huying.task.*.v1 event of {@code type}, by a member of the unit, about the task announced by {@code dispatched}. */
    CloudEvent response(String type, JsonNode dispatched, String reasonCode, Instant requestedDeadline) {
        JsonNode d = dispatched.get("data");
        UUID callId = UUID.fromString(d.get("callId").asText());
        Instant now = Instant.now();
        String unit = d.get("unitPath").asText();
        boolean completed = EventTypes.TASK_COMPLETED.equals(type);
        TaskResponse data = new TaskResponse(UUID.fromString(d.get("taskId").asText()), callId, d.get("number").asText(), unit,
                d.get("raisingUnit").asText(), TaskRole.valueOf(d.get("role").asText()), new Actor("sub-2", "test.handler", unit), now,
                null, null, completed ? "已处理" : null, completed ? List.of() : null, reasonCode,
                reasonCode != null || requestedDeadline != null ? "测试理由" : null, requestedDeadline);
        return CloudEvent.of("response", type, callId, now, json.valueToTree(data));
    }

    /**
     * 返工 — the raiser finds the result of the lead task {@code dispatched} unresolved. {@code round} is
     * the verification's round as feedback counts it: 1 for the first verification, 2 after one rework.
     */
    CloudEvent reopened(JsonNode dispatched, int round) {
        JsonNode d = dispatched.get("data");
        UUID callId = UUID.fromString(d.get("callId").asText());
        Instant now = Instant.now();
        VerificationReopened data = new VerificationReopened(callId, d.get("number").asText(), d.get("raisingUnit").asText(),
                UUID.fromString(d.get("taskId").asText()), d.get("unitPath").asText(), round, "DISSATISFIED", "问题依旧",
                new Actor("sub-3", "test.office", d.get("raisingUnit").asText()), now);
        return CloudEvent.of("feedback", EventTypes.VERIFICATION_REOPENED, callId, now, json.valueToTree(data));
    }

    void publishResponse(CloudEvent event) {
        events.publish(Topics.RESPONSES, valid(event));
    }

    void publishFeedback(CloudEvent event) {
        events.publish(Topics.FEEDBACK, valid(event));
    }

    private CloudEvent valid(CloudEvent event) {
        assertThat(schemas.violations(json.valueToTree(event))).as("the fake " + event.type()).isEmpty();
        return event;
    }

    @Override
    public void close() {
        events.close();
    }
}
