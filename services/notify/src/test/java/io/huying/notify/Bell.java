package io.huying.notify;

import static io.restassured.RestAssured.given;

import io.huying.testing.KeycloakTokens;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;

/** A demo user's bell over the REST API. */
final class Bell {
    static final Duration WAIT = Duration.ofSeconds(30);

    private Bell() {
    }

    static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }

    static JsonPath page(String user, String query) {
        return as(user).get("/api/notifications" + query).then().statusCode(200).extract().jsonPath();
    }

    /** The notifications of {@code user}'s unit about call {@code number} (first page of 100, newest first). */
    static List<Map<String, Object>> about(String user, String number) {
        return page(user, "?size=100").<Map<String, Object>>getList("items").stream().filter(i -> number.equals(i.get("number"))).toList();
    }

    /** Waits until {@code user}'s bell has a notification of {@code kind} about {@code number}; returns it. */
    static Map<String, Object> await(String user, String number, String kind) {
        return Awaitility.await(user + " sees " + kind + " " + number).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> about(user, number).stream().filter(i -> kind.equals(i.get("kind"))).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    static long unread(String user) {
        return page(user, "?size=1").getLong("unread");
    }
}
