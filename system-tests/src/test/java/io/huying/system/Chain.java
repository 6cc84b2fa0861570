package io.huying.system;

import static io.restassured.RestAssured.given;

import io.huying.testing.KeycloakTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;

/** The chain as its users drive it: HTTP calls to the running services with real Keycloak tokens. */
final class Chain {
    static final Duration WAIT = Duration.ofSeconds(30);

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

    /** Raises a call as {@code user} (an office) and expects it accepted. */
    static Raised raise(String user, String category, String grid, String title) {
        JsonPath body = as(user, "intake")
                .header("Idempotency-Key", "system-" + System.nanoTime())
                .body(Map.of("categoryCode", category, "urgency", "紧急", "requestType", "投诉", "title", title,
                        "description", title + "，请尽快处理。",
                        "location", Map.of("address", "系统测试路" + ThreadLocalRandom.current().nextInt(1_000_000) + "号", "gridPath", grid),
                        "reporter", Map.of("name", "李女士", "phone", "13800138000"), "channel", "GRID_INSPECTION"))
                .post("/api/calls").then().statusCode(201).extract().jsonPath();
        if (!"ACCEPTED".equals(body.getString("status"))) {
            throw new AssertionError("call was " + body.getString("status") + ": " + body.prettify());
        }
        return new Raised(body.getString("id"), body.getString("number"));
    }

    /** Waits until dispatch shows a live task of {@code role} for {@code unit} and the unit's inbox has it; its id. */
    static String awaitTask(String user, String callId, String unit, String role) {
        String[] id = new String[1];
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonPath view = as(user, "dispatch").get("/api/dispatch/calls/" + callId).then().extract().jsonPath();
            List<Map<String, Object>> tasks = view.getList("tasks");
            if (tasks == null) {
                return false;
            }
            id[0] = tasks.stream()
                    .filter(t -> unit.equals(t.get("unitPath")) && role.equals(t.get("role"))
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
