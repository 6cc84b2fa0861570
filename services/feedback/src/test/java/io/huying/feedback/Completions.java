package io.huying.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.FileRef;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.huying.testing.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Publishes huying.task.completed.v1 as the response service does (TaskResponses.complete; a rework
 * is a new task id), each checked against its JSON Schema first, and reads huying.feedback.
 */
final class Completions implements AutoCloseable {
    static final String FENGLING = "/baiyun/jinsha/fengling";
    static final String URBAN = "/baiyun/jinsha/sections/urban";

    private final ObjectMapper json;
    private final TestEvents events;
    private final EventSchemas schemas = new EventSchemas();
    final TopicProbe feedback;

    Completions(ObjectMapper json) {
        this.json = json;
        events = new TestEvents(json);
        feedback = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.FEEDBACK);
    }

    /** The evidence photo the unit uploaded to response for its completion. */
    static final FileRef PHOTO = new FileRef(UUID.fromString("8a1d2c3b-4e5f-4a6b-9c7d-0e1f2a3b4c5d"), "清理后.jpg", "image/jpeg", 391204,
            "/api/tasks/attachments/8a1d2c3b-4e5f-4a6b-9c7d-0e1f2a3b4c5d");
    static final String EVIDENCE_URL = "https://files.example.gov.cn/after.jpg";

    /** A completion of task {@code taskId} of call {@code callId} (a new event each time), with an evidence URL and photo. */
    CloudEvent completed(UUID callId, UUID taskId, TaskRole role) {
        Instant now = Instant.now();
        TaskResponse data = new TaskResponse(taskId, callId, "JS-20261127-0042", URBAN, FENGLING, role,
                new Actor("sub-u", "urban.section", URBAN), now, null, null, "已清理占道摊点", List.of(EVIDENCE_URL), null, null, null)
                .withFiles(List.of(PHOTO));
        return CloudEvent.of("response", EventTypes.TASK_COMPLETED, callId, now, json.valueToTree(data));
    }

    void publish(CloudEvent event) {
        assertThat(schemas.violations(json.valueToTree(event))).as("the fake " + event.type()).isEmpty();
        events.publish(Topics.RESPONSES, event);
    }

    /** The call's first {@code count} distinct events on huying.feedback (feedback's relay publishes at least once). */
    List<JsonNode> feedbackOf(UUID callId, int count) {
        return feedback.awaitDistinct(r -> callId.toString().equals(r.key()), count, Duration.ofSeconds(30)).stream().map(r -> {
            try {
                return json.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Override
    public void close() {
        events.close();
        feedback.close();
    }
}
