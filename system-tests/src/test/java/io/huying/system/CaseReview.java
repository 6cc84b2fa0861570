package io.huying.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.huying.system.Chain.Raised;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;

/** 立项审核 — case-acceptance review — as a street's dispatcher and its offices drive it through intake's API. */
final class CaseReview {
    /** Statuses of a call whose dispatch went ahead: queued for a dispatcher, dispatched, or any later step. */
    static final Set<String> PROCEEDED = Set.of("QUEUED", "DISPATCHED", "ACKNOWLEDGED", "IN_PROGRESS", "COMPLETED", "RETURNED",
            "VERIFYING", "REOPENED", "CLOSED");

    private CaseReview() {
    }

    /** The categories of {@code dispatcher}'s street that wait for review (审核范围). */
    static List<String> categories(String dispatcher) {
        return Chain.as(dispatcher, "intake").get("/api/calls/review/rules")
                .then().statusCode(200).extract().jsonPath().getList("categories", String.class);
    }

    /** Sets the categories of {@code dispatcher}'s street that wait for review; the set as saved. */
    static List<String> setCategories(String dispatcher, List<String> categories) {
        return Chain.as(dispatcher, "intake").body(Map.of("categories", categories)).put("/api/calls/review/rules")
                .then().statusCode(200).extract().jsonPath().getList("categories", String.class);
    }

    /**
     * Raises a call as {@code office} whose category is under review and expects it held for review (待立项审核).
     * Like {@link Chain#raise}, give each call of a category a grid of its own: look-alike calls merge.
     */
    static Raised raise(String office, String category, String grid, String title) {
        JsonPath body = Chain.submit(office, category, grid, title);
        assertThat(body.getString("status")).as("status of \"%s\" raised in %s, a category under review: %s", title, category, body.prettify())
                .isEqualTo("PENDING_REVIEW");
        return new Raised(body.getString("id"), body.getString("number"));
    }

    /** Waits until {@code dispatcher}'s review list (待审核) holds every one of {@code calls}. */
    static void awaitListed(String dispatcher, Raised... calls) {
        List<String> ids = Arrays.stream(calls).map(Raised::id).toList();
        Awaitility.await().atMost(Chain.WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(
                Chain.as(dispatcher, "intake").queryParam("size", 100).get("/api/calls/review")
                        .then().statusCode(200).extract().jsonPath().getList("items.id", String.class))
                .as("%s's calls waiting for review", dispatcher).containsAll(ids));
    }

    /** Waits until the call's dispatch went ahead ({@link #PROCEEDED}) as {@code user} sees it; the call's view. */
    static JsonPath awaitProceeded(String user, String callId) {
        JsonPath[] view = new JsonPath[1];
        Awaitility.await().atMost(Chain.WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            view[0] = Chain.as(user, "intake").get("/api/calls/" + callId).then().statusCode(200).extract().jsonPath();
            assertThat(view[0].getString("status")).as("status of call %s", callId).isIn(PROCEEDED);
        });
        return view[0];
    }
}
