package io.huying.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.events.VerificationReopened;
import io.huying.testing.TestEvents;
import java.time.Instant;
import java.util.UUID;

/** Publishes what response and feedback would say about a dispatched task, exactly as their relays do. */
final class Outcomes implements AutoCloseable {
    private final TestEvents events;
    private final ObjectMapper json;

    Outcomes(ObjectMapper json) {
        this.json = json;
        this.events = new TestEvents(json);
    }

    /** A huying.task.*.v1 event of {@code type} about the task announced by {@code dispatched}. */
    CloudEvent response(String type, JsonNode dispatched, String reasonCode, Instant requestedDeadline) {
        JsonNode d = dispatched.get("data");
        UUID callId = UUID.fromString(d.get("callId").asText());
        Instant now = Instant.now();
        String unit = d.get("unitPath").asText();
        TaskResponse data = new TaskResponse(UUID.fromString(d.get("taskId").asText()), callId, d.get("number").asText(), unit,
                d.get("raisingUnit").asText(), TaskRole.valueOf(d.get("role").asText()), new Actor("sub-2", "test.handler", unit), now,
                null, null, EventTypes.TASK_COMPLETED.equals(type) ? "已处理" : null, null, reasonCode,
                reasonCode != null || requestedDeadline != null ? "测试理由" : null, requestedDeadline);
        return CloudEvent.of("response", type, callId, now, json.valueToTree(data));
    }

    /** 返工 — the raiser reopens the call handled by the lead task {@code dispatched}. */
    CloudEvent reopened(JsonNode dispatched, int round) {
        JsonNode d = dispatched.get("data");
        UUID callId = UUID.fromString(d.get("callId").asText());
        Instant now = Instant.now();
        VerificationReopened data = new VerificationReopened(callId, d.get("number").asText(), d.get("raisingUnit").asText(),
                UUID.fromString(d.get("taskId").asText()), d.get("unitPath").asText(), round, "不满意", "问题依旧",
                new Actor("sub-3", "test.office", d.get("raisingUnit").asText()), now);
        return CloudEvent.of("feedback", EventTypes.VERIFICATION_REOPENED, callId, now, json.valueToTree(data));
    }

    void publishResponse(CloudEvent event) {
        events.publish(Topics.RESPONSES, event);
    }

    void publishFeedback(CloudEvent event) {
        events.publish(Topics.FEEDBACK, event);
    }

    @Override
    public void close() {
        events.close();
    }
}
