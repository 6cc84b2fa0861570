package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.JINSHA;
import static io.huying.intake.CallRequests.PINGLE;
import static io.huying.intake.CallRequests.as;
import static io.huying.intake.CallRequests.bodyIn;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Topics;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 立项审核 — calls of the categories 金沙街道 reviews wait in its dispatcher's list; each decision is
 * stored with its event on huying.calls and reaches the raiser's timeline.
 */
@QuarkusTest
class CallReviewTest {
    private static final String DISPATCHER = "jinsha.dispatcher";
    private static final String DISTRICT_DISPATCHER = "baiyun.dispatcher";
    /** The category the street reviews in these tests (the catalogue's last, which other tests reach last); no other test class raises calls while these run. */
    private static final String REVIEWED = "SP-03";

    @Inject
    ObjectMapper json;

    @BeforeEach
    void theStreetReviewsOneCategory() {
        reviewOnly(List.of(REVIEWED)).then().statusCode(200).body("street", equalTo("/baiyun/jinsha"))
                .body("categories", equalTo(List.of(REVIEWED)));
    }

    @AfterEach
    void andNoneAfterwards() {
        reviewOnly(List.of()).then().statusCode(200);
    }

    @Test
    void aCallOfAReviewedCategoryWaitsInTheStreetsListAndIsDispatchedOnceAccepted() throws Exception {
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            Response raised = raise(FENGLING, bodyIn(FENGLING, REVIEWED));
            String id = raised.then().statusCode(201).body("status", equalTo("PENDING_REVIEW")).extract().path("id");

            as(DISPATCHER).get("/api/calls/review?size=100").then().statusCode(200).body("items.id", hasItem(id));
            JsonNode held = event(probe, id, "huying.call.awaiting-review.v1");
            assertThat(held.at("/data/raisedAt").asText()).isNotEmpty();

            decide(DISPATCHER, id, Map.of("decision", "ACCEPT")).then().statusCode(200)
                    .body("status", equalTo("ACCEPTED")).body("review.decision", equalTo("ACCEPT"))
                    .body("review.reviewedBy", equalTo(DISPATCHER));
            JsonNode accepted = event(probe, id, "huying.call.accepted.v1");
            assertThat(accepted.at("/data/review/reviewer/username").asText()).isEqualTo(DISPATCHER);

            // Decided once: the list no longer holds it, and a second decision is refused.
            as(DISPATCHER).get("/api/calls/review?size=100").then().statusCode(200)
                    .body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
            decide(DISPATCHER, id, Map.of("decision", "ACCEPT")).then().statusCode(409);
            awaitTimeline(id, List.of("待立项审核", "立项"));
        }
    }

    @Test
    void aRejectionNeedsOneOfTheFourReasonsAndItsTextAndTheRaiserSeesIt() throws Exception {
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            String id = raise(FENGLING, bodyIn(FENGLING, REVIEWED)).then().statusCode(201).extract().path("id");

            decide(DISPATCHER, id, Map.of("decision", "REJECT", "reason", "缺少具体位置")).then().statusCode(400)
                    .body("violations.field", hasItem("reasonCode"));
            decide(DISPATCHER, id, Map.of("decision", "REJECT", "reasonCode", "INCOMPLETE")).then().statusCode(400)
                    .body("violations.field", hasItem("reason"));
            decide(DISPATCHER, id, Map.of("decision", "REJECT", "reasonCode", "INCOMPLETE", "reason", "缺少具体位置")).then().statusCode(200)
                    .body("status", equalTo("REJECTED")).body("rejection.code", equalTo("INCOMPLETE"));

            JsonNode rejected = event(probe, id, "huying.call.rejected.v1");
            assertThat(rejected.at("/data/reasonCode").asText()).isEqualTo("INCOMPLETE");
            as(FENGLING).get("/api/calls/" + id).then().statusCode(200).body("rejection.code", equalTo("INCOMPLETE"));
            awaitTimeline(id, List.of("待立项审核", "不予立项"));
        }
    }

    @Test
    void aHeldCallMergedIntoAnOpenCaseCanBeUnmergedAndBecomesACaseOfItsOwn() throws Exception {
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            String open = raise(JINSHA, CallRequests.body(JINSHA)).then().statusCode(201).body("status", equalTo("ACCEPTED"))
                    .extract().path("id");
            String held = raise(PINGLE, bodyIn(PINGLE, REVIEWED)).then().statusCode(201).extract().path("id");

            decide(DISPATCHER, held, Map.of("decision", "MERGE", "mergeInto", held)).then().statusCode(422)
                    .body("violations.field", hasItem("mergeInto"));
            decide(DISPATCHER, held, Map.of("decision", "MERGE", "mergeInto", open, "reason", "同一处积水")).then().statusCode(200)
                    .body("status", equalTo("MERGED")).body("mergedInto.id", equalTo(open));
            event(probe, held, "huying.call.merged.v1");

            as(DISPATCHER).contentType(ContentType.JSON).body(Map.of("reason", "并非同一事项")).post("/api/calls/" + held + "/unmerge")
                    .then().statusCode(200).body("status", equalTo("ACCEPTED")).body("review.decision", equalTo("UNMERGE"))
                    .body("mergedInto", org.hamcrest.Matchers.nullValue());
            JsonNode accepted = event(probe, held, "huying.call.accepted.v1");
            assertThat(accepted.at("/data/review/decision").asText()).isEqualTo("UNMERGE");
            as(DISPATCHER).contentType(ContentType.JSON).body(Map.of("reason", "again")).post("/api/calls/" + held + "/unmerge")
                    .then().statusCode(409);
            awaitTimeline(held, List.of("待立项审核", "合并", "撤销合并"));
        }
    }

    @Test
    void onlyDispatchersReviewAndRulesNameKnownCategoriesOfAStreet() {
        String id = raise(PINGLE, bodyIn(PINGLE, REVIEWED)).then().statusCode(201).extract().path("id");
        decide(FENGLING, id, Map.of("decision", "ACCEPT")).then().statusCode(403);
        as(FENGLING).get("/api/calls/review").then().statusCode(403);
        reviewOnly(List.of("ZZ-99")).then().statusCode(422).body("violations.field", hasItem("categories[0]"));
        as(DISTRICT_DISPATCHER).get("/api/calls/review/rules").then().statusCode(403);
        // The district's dispatcher sees every street's list, and may decide.
        as(DISTRICT_DISPATCHER).get("/api/calls/review?size=100").then().statusCode(200).body("items.id", hasItem(id));
        decide(DISTRICT_DISPATCHER, id, Map.of("decision", "ACCEPT")).then().statusCode(200);
    }

    private static Response reviewOnly(List<String> categories) {
        return as(DISPATCHER).contentType(ContentType.JSON).body(Map.of("categories", categories)).put("/api/calls/review/rules");
    }

    private static Response decide(String user, String id, Map<String, Object> body) {
        return as(user).contentType(ContentType.JSON).body(body).post("/api/calls/" + id + "/review");
    }

    /** The call's event of {@code type} on huying.calls, valid against its schema. */
    private JsonNode event(TopicProbe probe, String id, String type) throws Exception {
        JsonNode event = json.readTree(probe.await(r -> id.equals(r.key()) && r.value().contains("\"" + type + "\""), 1,
                Duration.ofSeconds(60)).get(0).value());
        assertThat(new EventSchemas().violations(event)).isEmpty();
        return event;
    }

    private static void awaitTimeline(String id, List<String> labels) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(DISPATCHER).get("/api/calls/" + id).then()
                .statusCode(200).body("timeline.label", equalTo(labels)));
    }
}
