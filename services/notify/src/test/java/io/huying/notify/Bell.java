package io.huying.notify;

import static io.restassured.RestAssured.given;

import io.huying.testing.KeycloakTokens;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;

/** A demo user's bell over the REST API. */
final class Bell {
    /**
     * Generous: the Maven run's one test broker also holds the events earlier modules' tests published,
     * which notify's consumers read first (every dispatched task, every SLA event).
     */
    static final Duration WAIT = Duration.ofSeconds(90);

    private Bell() {
    }

    static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }

    static JsonPath page(String user, String query) {
        return as(user).get("/api/notifications" + query).then().statusCode(200).extract().jsonPath();
    }

    /**
     * The notifications of {@code user}'s unit about call {@code number}, from every page: while the
     * consumers catch up with the broker's history, newer notifications keep arriving above it.
     */
    static List<Map<String, Object>> about(String user, String number) {
        return all(user, "").stream().filter(i -> number.equals(i.get("number"))).toList();
    }

    /** Every notification {@code user}'s bell lists, page after page (100 a page, newest first); {@code filter} e.g. {@code unread=true&}. */
    static List<Map<String, Object>> all(String user, String filter) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<Map<String, Object>> items = page(user, "?" + filter + "size=100&page=" + page).getList("items");
            found.addAll(items);
            if (items.size() < 100) {
                return found;
            }
        }
    }

    /** Waits until {@code user}'s bell has a notification of {@code kind} about {@code number}; returns it. */
    static Map<String, Object> await(String user, String number, String kind) {
        return Awaitility.await(user + " sees " + kind + " " + number).atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> about(user, number).stream().filter(i -> kind.equals(i.get("kind"))).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    static long unread(String user) {
        return page(user, "?size=1").getLong("unread");
    }
}
