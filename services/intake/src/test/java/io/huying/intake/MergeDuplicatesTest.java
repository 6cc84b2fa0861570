package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.JINSHA;
import static io.huying.intake.CallRequests.PINGLE;
import static io.huying.intake.CallRequests.addressOf;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.duplicateOf;
import static io.huying.intake.CallRequests.location;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.Topics;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * 事件立项 — duplicates of an open call (same category, same grid or address, in the window) join it.
 * Runs with the default test profile, which has the production window (24 h).
 */
@QuarkusTest
class MergeDuplicatesTest {
    @Inject
    ObjectMapper json;

    @Test
    void aSecondCallInTheSameGridAndCategoryIsMergedAndTheRaiserToldWhichCallItJoined() throws Exception {
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            Map<String, Object> first = body(FENGLING);
            Response open = raise(FENGLING, first);
            open.then().statusCode(201).body("status", equalTo("ACCEPTED"));

            Response duplicate = raise(JINSHA, duplicateOf(first));
            duplicate.then().statusCode(201)
                    .body("status", equalTo("MERGED"))
                    .body("mergedInto.id", equalTo(open.path("id")))
                    .body("mergedInto.number", equalTo(open.path("number")));

            String id = duplicate.path("id");
            JsonNode event = json.readTree(probe.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(60)).get(0).value());
            assertThat(new EventSchemas().violations(event)).isEmpty();
            assertThat(event.get("type").asText()).isEqualTo("huying.call.merged.v1");
            assertThat(event.at("/data/mergedIntoCallId").asText()).isEqualTo(open.<String>path("id"));
        }
    }

    @Test
    void theSameAddressInAnotherGridAlsoMergesButAnotherCategoryDoesNot() {
        Map<String, Object> first = body(FENGLING);
        Response open = raise(FENGLING, first);
        open.then().statusCode(201).body("status", equalTo("ACCEPTED"));

        // Same category, another grid of the street, the address written with other spaces.
        Map<String, Object> sameAddress = CallRequests.bodyIn(PINGLE, (String) first.get("categoryCode"));
        location(sameAddress).put("address", " " + addressOf(first).replace("号", " 号 "));
        raise(PINGLE, sameAddress).then().statusCode(201)
                .body("status", equalTo("MERGED")).body("mergedInto.id", equalTo(open.path("id")));

        Map<String, Object> otherCategory = CallRequests.otherCategoryThan(FENGLING, first);
        raise(FENGLING, otherCategory).then().statusCode(201).body("status", equalTo("ACCEPTED"));
    }

    @Test
    void aClosedCallNoLongerAbsorbsDuplicates() throws Exception {
        Map<String, Object> first = body(FENGLING);
        Response closed = raise(FENGLING, first);
        String id = closed.then().statusCode(201).body("status", equalTo("ACCEPTED")).extract().path("id");
        try (LifecycleEvents events = new LifecycleEvents(json)) {
            CloudEvent close = events.closed(UUID.fromString(id), UUID.randomUUID(), closed.path("number"), Instant.now());
            events.publish(LifecycleEvents.topicOf(close), close);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                "CLOSED".equals(CallRequests.as(FENGLING).get("/api/calls/" + id).path("status")));

        raise(FENGLING, duplicateOf(first)).then().statusCode(201).body("status", equalTo("ACCEPTED"));
    }

    @Test
    void twoSimultaneousDuplicatesYieldOneAcceptedAndOneMerged() {
        Map<String, Object> a = body(PINGLE);
        Map<String, Object> b = duplicateOf(a);
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> raise(JINSHA, a));
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> raise(JINSHA, b));
        List<Response> answers = List.of(first.join(), second.join());
        assertThat(answers.stream().map(r -> r.<String>path("status")).toList()).containsExactlyInAnyOrder("ACCEPTED", "MERGED");
        Response accepted = answers.stream().filter(r -> "ACCEPTED".equals(r.path("status"))).findFirst().orElseThrow();
        Response merged = answers.stream().filter(r -> "MERGED".equals(r.path("status"))).findFirst().orElseThrow();
        assertThat(merged.<String>path("mergedInto.id")).isEqualTo(accepted.path("id"));
    }

    /**
     * A burst in one category of one street (a storm's 积水 calls): calls at different grids and addresses
     * are cases of their own, however they are grouped into transactions; each grid's reports become one
     * case, whichever of them was written first.
     */
    @Test
    void aBurstInOneCategoryOfOneStreetMakesOneCasePerGridAndMergesTheRestIntoIt() {
        List<Map<String, Object>> grids = CallRequests.bodiesInOneCategory(JINSHA, 3);
        List<CompletableFuture<Response>> raised = new ArrayList<>();
        for (int report = 0; report < 4; report++) {
            for (Map<String, Object> grid : grids) {
                Map<String, Object> body = report == 0 ? grid : duplicateOf(grid);
                raised.add(CompletableFuture.supplyAsync(() -> raise(JINSHA, body)));
            }
        }
        List<Response> answers = raised.stream().map(CompletableFuture::join).toList();
        answers.forEach(r -> r.then().statusCode(201));

        Map<String, List<Response>> byGrid = answers.stream().collect(Collectors.groupingBy(
                r -> r.<String>path("location.gridPath")));
        assertThat(byGrid).hasSize(3);
        byGrid.forEach((grid, reports) -> {
            List<Response> cases = reports.stream().filter(r -> "ACCEPTED".equals(r.path("status"))).toList();
            assertThat(cases).as("one case at " + grid).hasSize(1);
            assertThat(reports.stream().filter(r -> "MERGED".equals(r.path("status"))).map(r -> r.<String>path("mergedInto.id")))
                    .as("the other reports at " + grid + " joined it").hasSize(3).containsOnly(cases.get(0).<String>path("id"));
        });
    }
}
