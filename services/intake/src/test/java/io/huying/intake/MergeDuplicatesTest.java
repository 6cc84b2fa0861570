package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.JINSHA;
import static io.huying.intake.CallRequests.bodyInGrid;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Topics;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** 事件立项 — duplicates of an open call (same category, same grid or address, in the window) join it. */
@QuarkusTest
@TestProfile(MergeDuplicatesTest.MergeWindowOfADay.class)
class MergeDuplicatesTest {

    public static class MergeWindowOfADay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("huying.intake.merge-window", "24h", "%test.huying.intake.merge-window", "24h");
        }
    }

    @Test
    void aSecondCallInTheSameGridAndCategoryIsMergedAndTheRaiserToldWhichCallItJoined() throws Exception {
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            Response open = raise(FENGLING, bodyInGrid("/baiyun/jinsha/fengling/grid-02", "HW-01"));
            open.then().statusCode(201).body("status", equalTo("ACCEPTED"));

            Response duplicate = raise(JINSHA, bodyInGrid("/baiyun/jinsha/fengling/grid-02", "HW-01"));
            duplicate.then().statusCode(201)
                    .body("status", equalTo("MERGED"))
                    .body("mergedInto.id", equalTo(open.path("id")))
                    .body("mergedInto.number", equalTo(open.path("number")));

            String id = duplicate.path("id");
            JsonNode event = new ObjectMapper().readTree(
                    probe.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(30)).get(0).value());
            assertThat(new EventSchemas().violations(event)).isEmpty();
            assertThat(event.get("type").asText()).isEqualTo("huying.call.merged.v1");
            assertThat(event.at("/data/mergedIntoCallId").asText()).isEqualTo(open.<String>path("id"));
        }
    }

    @Test
    void theSameAddressInAnotherGridAlsoMergesButAnotherCategoryDoesNot() {
        Map<String, Object> first = bodyInGrid("/baiyun/jinsha/fengling/grid-03", "HW-02");
        Response open = raise(FENGLING, first);
        open.then().statusCode(201).body("status", equalTo("ACCEPTED"));

        Map<String, Object> sameAddress = bodyInGrid("/baiyun/jinsha/fengling/grid-01", "HW-02");
        @SuppressWarnings("unchecked")
        Map<String, Object> location = (Map<String, Object>) sameAddress.get("location");
        location.put("address", " " + CallIntakeResourceTest.addressOf(first).replace("号", " 号 "));
        raise(FENGLING, sameAddress).then().statusCode(201)
                .body("status", equalTo("MERGED")).body("mergedInto.id", equalTo(open.path("id")));

        raise(FENGLING, bodyInGrid("/baiyun/jinsha/fengling/grid-03", "HW-03")).then().statusCode(201)
                .body("status", equalTo("ACCEPTED"));
    }

    @jakarta.inject.Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Test
    void aClosedCallNoLongerAbsorbsDuplicates() throws Exception {
        Response closed = raise(FENGLING, bodyInGrid("/baiyun/jinsha/fengling/grid-01", "GS-02"));
        String id = closed.then().statusCode(201).body("status", equalTo("ACCEPTED")).extract().path("id");
        try (LifecycleEvents events = new LifecycleEvents(json)) {
            io.huying.contracts.CloudEvent close = events.closed(java.util.UUID.fromString(id), java.util.UUID.randomUUID(),
                    closed.path("number"), java.time.Instant.now());
            events.publish(LifecycleEvents.topicOf(close), close);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                "CLOSED".equals(CallRequests.as(FENGLING).get("/api/calls/" + id).path("status")));

        raise(FENGLING, bodyInGrid("/baiyun/jinsha/fengling/grid-01", "GS-02")).then().statusCode(201)
                .body("status", equalTo("ACCEPTED"));
    }

    @Test
    void twoSimultaneousDuplicatesYieldOneAcceptedAndOneMerged() {
        Map<String, Object> a = bodyInGrid("/baiyun/jinsha/pingle/grid-01", "ZY-02");
        Map<String, Object> b = bodyInGrid("/baiyun/jinsha/pingle/grid-01", "ZY-02");
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> raise(JINSHA, a));
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> raise(JINSHA, b));
        List<String> statuses = List.of(first.join().path("status"), second.join().path("status"));
        assertThat(statuses).containsExactlyInAnyOrder("ACCEPTED", "MERGED");
    }
}
