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
import io.huying.testing.TestEvents;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
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
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

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
        try (TaskStream urban = new TaskStream("urban.section");
                TaskStream jinsha = new TaskStream("jinsha.office");
                TaskStream housing = new TaskStream("housing.dept")) {
            String taskId = dispatch(URBAN);

            JsonNode dispatched = urban.awaitTask(taskId, "DISPATCHED");
            assertThat(dispatched.path("unitPath").asText()).isEqualTo(URBAN);
            // Each stream shows the reporter as its user may see it: in full to the handling unit, masked above it.
            assertThat(dispatched.at("/call/reporter/phone").asText()).isEqualTo("13800138000");
            assertThat(jinsha.awaitTask(taskId, "DISPATCHED").at("/call/reporter/phone").asText()).isEqualTo("138****8000");

            as("urban.section").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(200);
            JsonNode signedFor = urban.awaitTask(taskId, "ACKNOWLEDGED");
            jinsha.awaitTask(taskId, "ACKNOWLEDGED");
            ObjectNode listed = (ObjectNode) json.readTree(as("urban.section").get("/api/tasks/" + taskId)
                    .then().statusCode(200).extract().asString());
            listed.remove("activities");
            assertThat(signedFor).as("the event's data is the task as the inbox lists it").isEqualTo(listed);

            // A stream is delivered in order: once housing's own later task has arrived, anything of the
            // urban task sent to it would have arrived before.
            String housingTask = dispatch(HOUSING);
            housing.awaitTask(housingTask, "DISPATCHED");
            assertThat(housing.received()).as("housing.dept's stream").noneMatch(data -> data.contains(taskId));
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
    private final class TaskStream implements AutoCloseable, Flow.Subscriber<String> {
        private final List<String> taskData = new CopyOnWriteArrayList<>();
        private final CountDownLatch live = new CountDownLatch(1);
        private final CompletableFuture<String> contentType = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;
        private String eventName;
        private final StringBuilder data = new StringBuilder();

        TaskStream(String user) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(streamUrl)
                    .header("Authorization", KeycloakTokens.bearer(user)).header("Accept", "text/event-stream").GET().build();
            HTTP.sendAsync(request, info -> {
                contentType.complete(info.statusCode() + " " + info.headers().firstValue("Content-Type").orElse(""));
                return BodySubscribers.fromLineSubscriber(this);
            });
            assertThat(contentType.get(10, TimeUnit.SECONDS)).startsWith("200 text/event-stream");
            assertThat(live.await(10, TimeUnit.SECONDS)).as(user + "'s stream sends a heartbeat at once").isTrue();
        }

        /** Waits for a {@code task} event of {@code taskId} in {@code status}; returns its data. */
        JsonNode awaitTask(String taskId, String status) {
            return Awaitility.await().atMost(WAIT).until(() -> find(taskId, status), Optional::isPresent).orElseThrow();
        }

        /** The data of every {@code task} event so far. */
        List<String> received() {
            return List.copyOf(taskData);
        }

        private Optional<JsonNode> find(String taskId, String status) throws Exception {
            for (String d : taskData) {
                JsonNode task = json.readTree(d);
                if (taskId.equals(task.path("taskId").asText()) && status.equals(task.path("status").asText())) {
                    return Optional.of(task);
                }
            }
            return Optional.empty();
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        /** The SSE format: {@code event:} and {@code data:} lines, a blank line ends an event, {@code :} starts a comment. */
        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if ("task".equals(eventName) && !data.isEmpty()) {
                    taskData.add(data.toString());
                }
                eventName = null;
                data.setLength(0);
            } else if (line.startsWith(":")) {
                live.countDown();
            } else if (line.startsWith("event:")) {
                eventName = value(line);
            } else if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(value(line));
            }
        }

        private static String value(String line) {
            String v = line.substring(line.indexOf(':') + 1);
            return v.startsWith(" ") ? v.substring(1) : v;
        }

        @Override
        public void onError(Throwable failure) {
            contentType.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
        }

        @Override
        public void close() {
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
