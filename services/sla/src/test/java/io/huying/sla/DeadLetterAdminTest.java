package io.huying.sla;

import static io.huying.sla.SlaResourceTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * 死信 — the system administrator sees the dead letters of a topic with their state and puts them
 * back; a redriven event that was applied before changes nothing, and a letter is redriven once.
 */
@QuarkusTest
class DeadLetterAdminTest {
    @Inject
    ObjectMapper json;

    @Test
    void aDeadLetterIsListedRedrivenOnceAndAppliedOnce() {
        Lifecycle.Call call = Lifecycle.newCall("SR-01", Urgency.ROUTINE);
        Instant at = Instant.now();
        CloudEvent accepted;
        try (Lifecycle lifecycle = new Lifecycle(json); TestEvents events = new TestEvents(json)) {
            accepted = lifecycle.accepted(call, at);
            // As a consumer that gave up during an outage left it: the event in huying.calls.dlq.
            events.publish(Topics.deadLetterOf(Topics.CALLS), accepted);

            Map<String, Object> letter = letterOf(call);
            assertThat(letter.get("eventId")).isEqualTo(accepted.id().toString());
            assertThat(letter.get("redrivenAt")).isNull();
            assertThat(letter.get("fromTopic")).isEqualTo(Topics.CALLS);

            JsonPath redriven = as("huying.admin").post("/api/admin/dead-letters/huying.calls/redrive").then().statusCode(200)
                    .body("topic", equalTo("huying.calls.dlq"))
                    .body("letters.key", hasItem(call.id().toString()))
                    .extract().jsonPath();
            assertThat(redriven.getInt("redriven")).isPositive();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> clocks(call, "END_TO_END") == 1);
            assertThat(letterOf(call).get("redrivenBy")).isEqualTo("huying.admin");

            // Redriven again by a second dead letter of the same event: nothing changes. The lead task's
            // dispatch, published after it on the same partition, shows the engine has passed it.
            events.publish(Topics.deadLetterOf(Topics.CALLS), accepted);
            List<String> second = as("huying.admin").post("/api/admin/dead-letters/huying.calls.dlq/redrive").then().statusCode(200)
                    .extract().jsonPath().getList("letters.key");
            assertThat(second).as("only the new letter goes back").containsOnlyOnce(call.id().toString());
            lifecycle.publish(lifecycle.dispatched(call, UUID.randomUUID(), TaskRole.LEAD, Lifecycle.URBAN, at.plusSeconds(60)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> clocks(call, "SIGN_FOR") == 1);
            assertThat(clocks(call, "END_TO_END")).isOne();
            assertThat(clocks(call, "DISPATCH")).isOne();
        }
    }

    @Test
    void onlyTheSystemAdministratorSeesDeadLettersAndAnUnknownTopicIs404() {
        as("huying.admin").get("/api/admin/dead-letters").then().statusCode(200)
                .body("topic", hasItem(Topics.TASKS))
                .body("deadLetterTopic", hasItem("huying.tasks.dlq"));
        as("baiyun.ops").get("/api/admin/dead-letters").then().statusCode(403).contentType("application/problem+json");
        as("baiyun.ops").post("/api/admin/dead-letters/huying.calls/redrive").then().statusCode(403);
        as("huying.admin").get("/api/admin/dead-letters/huying.nothing").then().statusCode(404).contentType("application/problem+json");
        as("huying.admin").get("/api/admin/services/sla/consumers").then().statusCode(200).body("outboxPending", notNullValue());
        as("huying.admin").get("/api/admin/services/intake/consumers").then().statusCode(404);
    }

    private static Map<String, Object> letterOf(Lifecycle.Call call) {
        List<Map<String, Object>> letters = as("huying.admin").get("/api/admin/dead-letters/huying.calls").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.key == '" + call.id() + "' }");
        assertThat(letters).isNotEmpty();
        return letters.get(letters.size() - 1);
    }

    private static long clocks(Lifecycle.Call call, String kind) {
        return LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_clock where call_id = ?::uuid and kind = ?", call.id(), kind);
    }
}
