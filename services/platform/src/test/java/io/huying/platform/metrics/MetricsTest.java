package io.huying.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Topics;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What every service shows at /q/metrics: its consumers' duplicates and dead letters, the outbox, consumer lag. */
@QuarkusTest
class MetricsTest {
    @Inject
    ObjectMapper json;
    @Inject
    PlatformGauges gauges;

    @Test
    void duplicatesAndDeadLettersAreCounted() throws Exception {
        // A consumer's duplicate counter appears with its first batch; the dead-letter ones are there from the start.
        double duplicates = scrape().contains("consumer=\"platform-probe\"") ? value("huying_consumer_duplicates_total", "consumer=\"platform-probe\"") : 0;
        double deadLetters = value("huying_dead_letters_total", "topic=\"huying.feedback.dlq\"");

        UUID id = UUID.randomUUID();
        String event = """
                {"specversion":"1.0","id":"%s","source":"/huying/test","type":"huying.test.probed.v1",
                 "time":"2026-11-27T10:00:00Z","subject":"%s","datacontenttype":"application/json",
                 "data":{"note":"probe"}}""".formatted(id, id).replace("\n", "");
        try (TestEvents events = new TestEvents(json);
                TopicProbe dlq = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.deadLetterOf(Topics.FEEDBACK))) {
            events.publishRaw(Topics.FEEDBACK, id.toString(), event);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> LocalInfra.queryLong("platform_test", "select count(*) from probe_effect where event_id = ?", id) == 1);
            events.publishRaw(Topics.FEEDBACK, id.toString(), event);
            String key = UUID.randomUUID().toString();
            events.publishRaw(Topics.FEEDBACK, key, "{ not a CloudEvent");
            dlq.await(r -> key.equals(r.key()), 1, Duration.ofSeconds(30));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(value("huying_consumer_duplicates_total", "consumer=\"platform-probe\"")).isGreaterThanOrEqualTo(duplicates + 1);
            assertThat(value("huying_dead_letters_total", "topic=\"huying.feedback.dlq\"")).isGreaterThanOrEqualTo(deadLetters + 1);
        });
    }

    @Test
    void theOutboxAndConsumerLagAreShownWithTheServicesName() {
        RestAssured.given().get("/api/nowhere").then().statusCode(404);
        gauges.refreshOutbox();
        gauges.refreshLag();
        String metrics = scrape();
        for (String gauge : new String[] {"huying_outbox_backlog", "huying_outbox_oldest_age_seconds", "huying_outbox_parked"}) {
            assertThat(metrics).containsPattern("(?m)^" + gauge + "\\{service=\"platform\",?} \\d");
        }
        assertThat(metrics).containsPattern(
                "(?m)^huying_consumer_lag\\{group=\"huying-platform-test-[^\"]+\",partition=\"0\",service=\"platform\",topic=\"huying.feedback\",?} \\d");
        assertThat(metrics).as("HTTP metrics").contains("http_server_requests_seconds_count");
    }

    private static String scrape() {
        return RestAssured.given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the first series of {@code name} whose labels contain {@code label}; fails when there is none. */
    private static double value(String name, String label) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(scrape());
        while (m.find()) {
            if (m.group(1).contains(label)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no series " + name + "{" + label + "} at /q/metrics");
    }
}
