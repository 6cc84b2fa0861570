package io.huying.system;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

/** The chain as its users drive it: HTTP calls to the running services with real Keycloak tokens. */
final class Chain {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Addresses of this run's calls: each its own, so no two calls match by address. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    /** Category and grid of each call raised in this run (the system's databases are new for each run). */
    private static final Set<String> RAISED = ConcurrentHashMap.newKeySet();

    private Chain() {
    }

    /** A request to {@code service} as demo user {@code user}. */
    static RequestSpecification as(String user, String service) {
        return given().baseUri(SystemUnderTest.url(service)).header("Authorization", KeycloakTokens.bearer(user))
                .contentType(ContentType.JSON);
    }

    /** A raised call: its id and number. */
    record Raised(String id, String number) {
    }

    /**
     * Raises a call as {@code user} (an office) and expects it accepted. Intake merges an open call of
     * the same street and category raised within 24 h at the same grid or address (重复件合并), so each
     * call gets an address of its own, and a second call of the run with the same category and grid is
     * refused here, before it could merge by accident: give it a grid or category of its own.
     */
    static Raised raise(String user, String category, String grid, String title) {
        if (!RAISED.add(category + " @ " + grid)) {
            throw new IllegalStateException("a call of " + category + " at " + grid + " was raised before in this run: \""
                    + title + "\" would merge into it; give it a grid or category of its own");
        }
        JsonPath body = submit(user, category, grid, title);
        if (!"ACCEPTED".equals(body.getString("status"))) {
            throw new AssertionError("call was " + body.getString("status") + ": " + body.prettify());
        }
        return new Raised(body.getString("id"), body.getString("number"));
    }

    /** Raises a call as {@code user} at an address no other call has; its outcome, whatever it is (201). */
    static JsonPath submit(String user, String category, String grid, String title) {
        return submitTo("intake", user, category, grid, title);
    }

    /** As {@link #submit}, to instance {@code intake} of intake (SystemUnderTest names a second one). */
    static JsonPath submitTo(String intake, String user, String category, String grid, String title) {
        return as(user, intake)
                .header("Idempotency-Key", "system-" + System.nanoTime())
                .body(Map.of("categoryCode", category, "urgency", "紧急", "requestType", "投诉", "title", title,
                        "description", title + "，请尽快处理。",
                        "location", Map.of("address", "系统测试路" + ADDRESSES.incrementAndGet() + "号", "gridPath", grid),
                        "reporter", Map.of("name", "李女士", "phone", "13800138000"), "channel", "GRID_INSPECTION"))
                .post("/api/calls").then().statusCode(201).extract().jsonPath();
    }

    /**
     * The call's events on {@code topic} (CloudEvents, each once however often the outbox published it),
     * from the start of the topic up to and including the first that {@code marker} accepts. The marker
     * is an event of the same call caused after the ones under test: same key, same partition, so when
     * it has been read every earlier event of the call has been read too — no quiet period to wait out.
     */
    static List<JsonNode> eventsUpTo(String topic, String callId, Predicate<JsonNode> marker) {
        List<ConsumerRecord<String, String>> records;
        try (TopicProbe probe = TopicProbe.fromBeginning(LocalInfra.TEST_KAFKA.bootstrap(), topic)) {
            records = probe.distinctUntil(r -> callId.equals(r.key()), r -> callId.equals(r.key()) && marker.test(read(r)), WAIT);
        }
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            JsonNode event = read(r);
            events.add(event);
            if (marker.test(event)) {
                return events;
            }
        }
        throw new AssertionError("the marker event is not among the call's events on " + topic + ": " + events);
    }

    /** A record's CloudEvent. */
    static JsonNode read(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a CloudEvent on " + record.topic() + ": " + record.value(), e);
        }
    }

    /** Whether {@code event} is of {@code type} and concerns {@code unit} (its data's unitPath). */
    static boolean is(JsonNode event, String type, String unit) {
        return type.equals(event.path("type").asText()) && unit.equals(event.at("/data/unitPath").asText());
    }

    /**
     * Waits until dispatch shows a live task of {@code role} for {@code unit}, other than the tasks
     * {@code handled} already, and the unit's inbox has it; its id. Dispatch learns of a completion
     * from Kafka, so a task just completed may still show live for a moment: a rework names the task
     * it follows, lest it sign for that one again.
     */
    static String awaitTask(String user, String callId, String unit, String role, String... handled) {
        Set<String> before = Set.of(handled);
        String[] id = new String[1];
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonPath view = as(user, "dispatch").get("/api/dispatch/calls/" + callId).then().extract().jsonPath();
            List<Map<String, Object>> tasks = view.getList("tasks");
            if (tasks == null) {
                return false;
            }
            id[0] = tasks.stream()
                    .filter(t -> unit.equals(t.get("unitPath")) && role.equals(t.get("role")) && !before.contains(t.get("id"))
                            && ("DISPATCHED".equals(t.get("status")) || "ACKNOWLEDGED".equals(t.get("status"))))
                    .map(t -> (String) t.get("id")).findFirst().orElse(null);
            return id[0] != null && as(user, "response").get("/api/tasks/" + id[0]).statusCode() == 200;
        });
        return id[0];
    }

    static void signFor(String user, String taskId) {
        as(user, "response").post("/api/tasks/" + taskId + "/sign-for").then().statusCode(200);
    }

    static void complete(String user, String taskId, String result) {
        as(user, "response").body(Map.of("result", result, "evidence", List.of("https://files.example.gov.cn/huying/after.jpg")))
                .post("/api/tasks/" + taskId + "/complete").then().statusCode(200);
    }

    /** Waits until the raiser has an open verification (核查) for the call, in {@code round}. */
    static void awaitVerification(String user, String callId, int round) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Map<String, Object>> open = as(user, "feedback").queryParam("status", "OPEN").get("/api/verifications")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            return open.stream().anyMatch(v -> callId.equals(v.get("callId")) && Integer.valueOf(round).equals(v.get("round")));
        });
    }

    static void verify(String user, String callId, boolean resolved, String satisfaction) {
        as(user, "feedback").body(Map.of("resolved", resolved, "satisfaction", satisfaction, "comment", resolved ? "已解决" : "问题依旧"))
                .post("/api/verifications/" + callId).then().statusCode(200);
    }

    /** Waits until the raiser's timeline of the call holds {@code labels} in this order (others may come between). */
    static JsonPath awaitTimeline(String user, String callId, String... labels) {
        JsonPath[] view = new JsonPath[1];
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            view[0] = as(user, "intake").get("/api/calls/" + callId).then().statusCode(200).extract().jsonPath();
            org.assertj.core.api.Assertions.assertThat(view[0].getList("timeline.label", String.class)).containsSubsequence(labels);
        });
        return view[0];
    }

    /**
     * The whole handling of a call by its lead unit: {@code handler} of {@code unit} signs for the task and
     * completes it with {@code result}, and {@code raiser} verifies it (满意) until it is CLOSED.
     */
    static void handledAndClosed(String handler, String unit, String raiser, String callId, String result) {
        String task = awaitTask(handler, callId, unit, "LEAD");
        signFor(handler, task);
        complete(handler, task, result);
        awaitVerification(raiser, callId, 1);
        verify(raiser, callId, true, "满意");
        awaitStatus(raiser, callId, "CLOSED");
    }

    /** Waits until the raiser sees the call in {@code status}; the call's view. */
    static JsonPath awaitStatus(String user, String callId, String status) {
        JsonPath[] view = new JsonPath[1];
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            view[0] = as(user, "intake").get("/api/calls/" + callId).then().statusCode(200).extract().jsonPath();
            return status.equals(view[0].getString("status"));
        });
        return view[0];
    }
}
