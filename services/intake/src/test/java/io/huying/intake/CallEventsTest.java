package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Topics;
import io.huying.contracts.schema.EventSchemas;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Reads huying.calls with a plain Kafka consumer and checks each CloudEvent against its schema in contracts/. */
@QuarkusTest
class CallEventsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final EventSchemas schemas = new EventSchemas();
    @Inject
    OutboxRelay relay;
    /** The application's, which writes java.time values as TestEvents needs. */
    @Inject
    ObjectMapper appJson;

    @Test
    void anAcceptedCallIsAnnouncedOnceAsAValidCloudEventKeyedByTheCallId() throws Exception {
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            Response created = raise(FENGLING, body());
            created.then().statusCode(201);
            String id = created.path("id");

            List<ConsumerRecord<String, String>> records = probe.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(60));
            assertThat(records).hasSize(1);
            ConsumerRecord<String, String> record = records.get(0);
            assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/cloudevents+json");

            JsonNode event = json.readTree(record.value());
            assertThat(schemas.violations(event)).isEmpty();
            assertThat(event.get("type").asText()).isEqualTo("huying.call.accepted.v1");
            assertThat(event.get("subject").asText()).isEqualTo(id);
            assertThat(event.get("source").asText()).isEqualTo("/huying/intake");
            assertThat(new String(record.headers().lastHeader("huying-event-id").value(), StandardCharsets.UTF_8))
                    .isEqualTo(event.get("id").asText());
            JsonNode data = event.get("data");
            assertThat(data.get("number").asText()).isEqualTo(created.<String>path("number"));
            assertThat(data.get("raisingUnit").asText()).isEqualTo("/baiyun/jinsha/fengling");
            assertThat(data.get("streetPath").asText()).isEqualTo("/baiyun/jinsha");
            assertThat(data.at("/raisedBy/username").asText()).isEqualTo(FENGLING);
            assertThat(data.at("/reporter/phone").asText()).isEqualTo("13800138000");

            // Once intake's outbox is empty, no relay will publish this event again; a marker with the call's
            // key then lands behind every copy of it on its partition. Read up to the marker: one copy.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> relay.pending() == 0);
            try (LifecycleEvents events = new LifecycleEvents(appJson)) {
                events.publish(Topics.CALLS, events.marker(UUID.fromString(id), Instant.now()));
            }
            assertThat(probe.await(r -> id.equals(r.key()) && r.value().contains(LifecycleEvents.MARKER), 1, Duration.ofSeconds(60)))
                    .hasSize(1);
            assertThat(probe.await(r -> id.equals(r.key()) && !r.value().contains(LifecycleEvents.MARKER), 0, Duration.ZERO))
                    .as("records announcing the call").hasSize(1);
        }
    }

    @Test
    void aRejectedCallIsAnnouncedAsAValidRejectedEvent() throws Exception {
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            Map<String, Object> body = body();
            body.put("categoryCode", "SR-99");
            String id = raise(FENGLING, body).then().statusCode(201).extract().path("id");

            JsonNode event = json.readTree(probe.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(60)).get(0).value());
            assertThat(schemas.violations(event)).isEmpty();
            assertThat(event.get("type").asText()).isEqualTo("huying.call.rejected.v1");
            assertThat(event.at("/data/reasonCode").asText()).isEqualTo("CATEGORY_INACTIVE");
        }
    }
}
