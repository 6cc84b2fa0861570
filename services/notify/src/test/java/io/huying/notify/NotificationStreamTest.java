package io.huying.notify;

import static io.huying.notify.Events.PEACE;
import static io.huying.notify.Events.URBAN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched;
import io.huying.testing.SseStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The live bell (GET /api/notifications/stream): a notification reaches the streams of its unit's members, and no other unit's. */
@QuarkusTest
class NotificationStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ObjectMapper json;

    @TestHTTPResource("/api/notifications/stream")
    URI streamUrl;

    @Test
    void aNewNotificationReachesTheStreamsOfItsUnitWithTheUnreadCountAndAReadChangesTheCount() throws Exception {
        try (Events events = new Events(json);
                SseStream clerk = new SseStream(streamUrl, "urban.clerk", json);
                SseStream peace = new SseStream(streamUrl, "peace.section", json)) {
            clerk.await("unread", data -> data.has("unread"), WAIT);

            TaskDispatched task = events.dispatched(URBAN, Urgency.URGENT);
            events.publishTask(events.event(task));

            JsonNode item = clerk.await("notification", n -> task.number().equals(n.path("number").asText()), WAIT);
            assertThat(item.path("kind").asText()).isEqualTo("TASK_NEW");
            assertThat(item.path("taskId").asText()).isEqualTo(task.taskId().toString());
            assertThat(item.path("unitPath").asText()).isEqualTo(URBAN);
            assertThat(item.path("read").asBoolean()).isFalse();
            JsonNode listed = json.readTree(Bell.as("urban.clerk").get("/api/notifications?size=100").then().statusCode(200)
                    .extract().asString()).path("items");
            JsonNode same = null;
            for (JsonNode n : listed) {
                if (n.path("id").equals(item.path("id"))) {
                    same = n;
                }
            }
            assertThat(item).as("the event's data is the item as the bell lists it").isEqualTo(same);
            int itemAt = clerk.indexOf("notification", n -> task.number().equals(n.path("number").asText()));
            assertThat(clerk.awaitAfter(itemAt + 1, "unread", WAIT).path("unread").asLong()).as("the count after it").isPositive();

            // Read through the REST API: the stream tells the new count.
            int seen = clerk.received().size();
            long unread = Bell.as("urban.clerk").post("/api/notifications/" + item.path("id").asText() + "/read").then().statusCode(200)
                    .extract().jsonPath().getLong("unread");
            assertThat(clerk.awaitAfter(seen, "unread", WAIT).path("unread").asLong()).isEqualTo(unread);

            // A stream is delivered in order: once peace's own later notification has arrived, urban's would have arrived before.
            TaskDispatched peaceTask = events.dispatched(PEACE, Urgency.ROUTINE);
            events.publishTask(events.event(peaceTask));
            peace.await("notification", n -> peaceTask.number().equals(n.path("number").asText()), WAIT);
            assertThat(peace.find("notification", n -> task.number().equals(n.path("number").asText()))).as("peace.section's stream")
                    .isEmpty();
        }
    }

    @Test
    void theStreamNeedsAToken() {
        given().accept("text/event-stream").get("/api/notifications/stream").then().statusCode(401);
    }
}
