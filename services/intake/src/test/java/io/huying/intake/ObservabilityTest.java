package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.as;
import static io.huying.intake.CallRequests.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Topics;
import io.huying.contracts.kafka.EventRecords;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A raise's event continues the request's trace; raises are counted by outcome and channel. */
@QuarkusTest
class ObservabilityTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theCallsEventContinuesTheTraceOfTheRequestThatRaisedIt() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (TopicProbe calls = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            String id = as(FENGLING).contentType(ContentType.JSON).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .body(body()).post("/api/calls").then().statusCode(201).extract().path("id");

            ConsumerRecord<String, String> record = calls.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(60)).get(0);
            String header = new String(record.headers().lastHeader(EventRecords.TRACEPARENT_HEADER).value(), StandardCharsets.UTF_8);
            assertThat(header).as("the request's trace, under intake's own span").startsWith("00-" + traceId + "-")
                    .doesNotContain("00f067aa0ba902b7");
            assertThat(json.readTree(record.value()).path("traceparent").asText()).isEqualTo(header);
        }
    }

    @Test
    void raisesAreCountedByOutcomeAndChannel() {
        double raised = count("raised");
        double accepted = count("accepted");
        as(FENGLING).contentType(ContentType.JSON).body(body()).post("/api/calls").then().statusCode(201);

        assertThat(count("raised")).isEqualTo(raised + 1);
        assertThat(count("accepted")).isEqualTo(accepted + 1);
        assertThat(RestAssured.get("/q/metrics").asString()).as("every channel × outcome is there from the start")
                .contains("outcome=\"rejected\"", "outcome=\"merged\"");
    }

    /** huying_calls_total of the test body's channel and {@code outcome}. */
    private static double count(String outcome) {
        String channel = String.valueOf(body().get("channel"));
        Matcher m = Pattern.compile("(?m)^huying_calls_total\\{([^}]*)} (\\S+)$").matcher(RestAssured.get("/q/metrics").asString());
        while (m.find()) {
            if (m.group(1).contains("outcome=\"" + outcome + "\"") && m.group(1).contains("channel=\"" + channel + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no huying_calls_total{outcome=" + outcome + ", channel=" + channel + "}");
    }
}
