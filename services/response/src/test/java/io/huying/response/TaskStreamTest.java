package io.huying.response;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskDispatched.DispatchReason;
import io.huying.contracts.events.TaskDispatched.DispatchedBy;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.SseStream;
import io.huying.testing.TestEvents;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live inbox (GET /api/tasks/stream): a task reaches the streams that see its unit as it arrives and changes, and no other. */
@QuarkusTest
class TaskStreamTest {
    private static final String URBAN = "/baiyun/jinsha/sections/urban";
    private static final String HOUSING = "/baiyun/departments/housing";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ObjectMapper json;

    @TestHTTPResource("/api/tasks/stream")
    URI streamUrl;

    private TestEvents events;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void open() {
        events = new TestEvents(json);
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void aTaskReachesTheStreamsOfItsUnitAndTheUnitsAboveWhenDispatchedAndSignedForButNoOtherUnitsStream() throws Exception {
        try (SseStream urban = new SseStream(streamUrl, "urban.section", json);
                SseStream jinsha = new SseStream(streamUrl, "jinsha.office", json);
                SseStream housing = new SseStream(streamUrl, "housing.dept", json)) {
            String taskId = dispatch(URBAN);

            JsonNode dispatched = awaitTask(urban, taskId, "DISPATCHED");
            assertThat(dispatched.path("unitPath").asText()).isEqualTo(URBAN);
            // Each stream shows the reporter as its user may see it: the phone masked for all, revealable by the handling unit only.
            assertThat(dispatched.at("/call/reporter/phone").asText()).isEqualTo("138****8000");
            assertThat(dispatched.at("/call/reporter/revealable").asBoolean()).isTrue();
            assertThat(awaitTask(jinsha, taskId, "DISPATCHED").at("/call/reporter/revealable").asBoolean()).isFalse();

            as("urban.section").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(200);
            JsonNode signedFor = awaitTask(urban, taskId, "ACKNOWLEDGED");
            awaitTask(jinsha, taskId, "ACKNOWLEDGED");
            ObjectNode listed = (ObjectNode) json.readTree(as("urban.section").get("/api/tasks/" + taskId)
                    .then().statusCode(200).extract().asString());
            listed.remove("activities");
            assertThat(signedFor).as("the event's data is the task as the inbox lists it").isEqualTo(listed);

            // A stream is delivered in order: once housing's own later task has arrived, anything of the
            // urban task sent to it would have arrived before.
            String housingTask = dispatch(HOUSING);
            awaitTask(housing, housingTask, "DISPATCHED");
            assertThat(housing.received()).as("housing.dept's stream").noneMatch(e -> e.name().equals("task") && e.data().toString().contains(taskId));
        }
    }

    @Test
    void theStreamNeedsAToken() {
        given().accept("text/event-stream").get("/api/tasks/stream").then().statusCode(401);
    }

    private String dispatch(String unit) {
        UUID callId = UUID.randomUUID();
        Instant now = Instant.now();
        TaskDispatched data = new TaskDispatched(UUID.randomUUID(), callId, "JS-20261127-" + (1000 + (int) (Math.random() * 9000)),
                TaskRole.LEAD, unit, "/baiyun/jinsha/fengling", "/baiyun/jinsha", "SR-01", Urgency.ROUTINE, "凤岭路占道经营", now,
                DispatchedBy.rule("JS-COMMUNITY-SR", "2026.1"), DispatchReason.ROUTED, 1, null, Dispatches.CALL);
        events.publish(Topics.TASKS, CloudEvent.of("dispatch", EventTypes.TASK_DISPATCHED, callId, now, json.valueToTree(data)));
        return data.taskId().toString();
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }

    /**
     * A real SSE client (java.net.http) on one user's stream. Opening it waits for the 200 and the
     * first heartbeat comment, which the server sends once the subscription is registered.
     */

    /** Waits for a {@code task} event of {@code taskId} in {@code status} on {@code stream}; returns its data. */
    private static JsonNode awaitTask(SseStream stream, String taskId, String status) {
        return stream.await("task", t -> taskId.equals(t.path("taskId").asText()) && status.equals(t.path("status").asText()), WAIT);
    }
}
