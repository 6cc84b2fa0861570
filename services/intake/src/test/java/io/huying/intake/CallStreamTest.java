package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.JINSHA;
import static io.huying.intake.CallRequests.PINGLE;
import static io.huying.intake.CallRequests.as;
import static io.huying.intake.CallRequests.raised;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.testing.SseStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** 办理进度实时 — a call page follows its call live: the call at once, then again with each step, for those who may see it. */
@QuarkusTest
class CallStreamTest {
    @Inject
    ObjectMapper json;

    @TestHTTPResource("/api/calls/")
    URI calls;

    @Test
    void theRaiserGetsTheCallAtOnceAndAgainWithEachStepWhileOtherUnitsGetNotFound() throws Exception {
        CallRequests.Raised raisedCall = raised(FENGLING);
        String id = raisedCall.id();
        String number = raisedCall.number();
        UUID callId = raisedCall.callId();
        UUID taskId = UUID.randomUUID();
        Instant t = Instant.now();
        URI stream = calls.resolve(id + "/stream");

        as(PINGLE).accept("text/event-stream").get("/api/calls/" + id + "/stream").then()
                .statusCode(404).contentType("application/problem+json");
        as(FENGLING).accept("text/event-stream").get("/api/calls/not-a-uuid/stream").then()
                .statusCode(404).contentType("application/problem+json");

        try (SseStream fengling = new SseStream(stream, FENGLING, json);
                SseStream jinsha = new SseStream(stream, JINSHA, json);
                LifecycleEvents events = new LifecycleEvents(json)) {
            JsonNode first = fengling.await("call", call -> call.path("id").asText().equals(id), Duration.ofSeconds(10));
            assertThat(first.path("timeline").size()).as("the call as it stands: at most 立项, projected from its own event").isLessThanOrEqualTo(1);
            assertThat(first.path("reporter").path("name").asText()).as("the raiser sees the reporter's name").doesNotContain("*");
            assertThat(first.path("reporter").path("revealable").asBoolean()).as("and may reveal the phone number").isTrue();
            JsonNode street = jinsha.await("call", call -> call.path("id").asText().equals(id), Duration.ofSeconds(10));
            assertThat(street.path("reporter").path("phone").asText()).as("the street office above sees the reporter masked")
                    .contains("*");

            CloudEvent dispatch = events.dispatched(callId, taskId, number, t.plusSeconds(1));
            events.publish(LifecycleEvents.topicOf(dispatch), dispatch);
            JsonNode dispatched = fengling.await("call", call -> labels(call).stream().anyMatch(l -> l.startsWith("派遣")), Duration.ofSeconds(20));
            assertThat(dispatched.path("status").asText()).isEqualTo("DISPATCHED");
            jinsha.await("call", call -> labels(call).stream().anyMatch(l -> l.startsWith("派遣")), Duration.ofSeconds(20));

            CloudEvent acknowledge = events.response(EventTypes.TASK_ACKNOWLEDGED, callId, taskId, number, t.plusSeconds(2), null);
            events.publish(LifecycleEvents.topicOf(acknowledge), acknowledge);
            JsonNode acknowledged = fengling.await("call", call -> labels(call).contains("签收"), Duration.ofSeconds(20));
            assertThat(labels(acknowledged)).as("every step so far, in order").containsExactly("立项", "派遣（主办）", "签收");
            assertThat(fengling.received()).as("views arrive in order: never an older call after a newer one")
                    .extracting(e -> e.data().path("timeline").size()).isSorted();
        }
    }

    private static List<String> labels(JsonNode call) {
        List<String> labels = new ArrayList<>();
        call.path("timeline").forEach(step -> labels.add(step.path("label").asText()));
        return labels;
    }
}
