package io.huying.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huying.contracts.Topics;
import io.huying.contracts.kafka.EventRecords;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What an operations team watches: one trace per call across the services, and the metrics its
 * dashboards and alerts query. In this order: the call of the first makes every consumer count.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
    private static final String FENGLING = "/baiyun/jinsha/fengling";
    private static final String URBAN = "/baiyun/jinsha/sections/urban";

    @BeforeAll
    static void startTheSystem() {
        SystemUnderTest.start();
    }

    /**
     * A call raised with a W3C trace context (through the gateway when it runs) and taken to closure:
     * every event of the call on every topic — from intake, dispatch, response, the SLA engine and
     * feedback, whether a consumer or a later request of a user wrote it — carries that trace.
     */
    @Test
    @Order(1)
    void oneCallIsOneTraceAcrossEveryService() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String entry = SystemUnderTest.hasGateway() ? "gateway" : "intake";
        String id = given().baseUri(SystemUnderTest.url(entry)).header("Authorization", KeycloakTokens.bearer("fengling.office"))
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01").header("Idempotency-Key", "trace-" + System.nanoTime())
                .contentType(ContentType.JSON)
                .body(Map.of("categoryCode", "SR-01", "urgency", "紧急", "requestType", "投诉", "title", "凤岭二网格占道经营（追踪）",
                        "description", "凤岭二网格占道经营，请尽快处理。",
                        "location", Map.of("address", "追踪路1号", "gridPath", FENGLING + "/grid-02"),
                        "reporter", Map.of("name", "李女士", "phone", "13800138000"), "channel", "GRID_INSPECTION"))
                .post("/api/calls").then().statusCode(201).extract().path("id");
        Chain.handledAndClosed("urban.section", URBAN, "fengling.office", id, "已清理占道摊点");

        List<String> untraced = new ArrayList<>();
        Set<String> sources = new TreeSet<>();
        Set<String> traces = new TreeSet<>();
        for (String topic : List.of(Topics.CALLS, Topics.TASKS, Topics.RESPONSES, Topics.FEEDBACK, Topics.SLA)) {
            try (TopicProbe probe = TopicProbe.fromBeginning(LocalInfra.TEST_KAFKA.bootstrap(), topic)) {
                for (ConsumerRecord<String, String> r : probe.toEnd(r -> id.equals(r.key()))) {
                    JsonNode event = Chain.read(r);
                    sources.add(event.path("source").asText());
                    Header header = r.headers().lastHeader(EventRecords.TRACEPARENT_HEADER);
                    String traceparent = event.path("traceparent").asText();
                    if (header == null || !traceparent.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                        untraced.add(topic + " " + event.path("type").asText());
                    } else {
                        traces.add(traceparent.substring(3, 35));
                    }
                }
            }
        }
        assertThat(untraced).as("events without a traceparent (attribute and header alike)").isEmpty();
        assertThat(sources).as("every service took part").contains("/huying/intake", "/huying/dispatch", "/huying/response",
                "/huying/feedback", "/huying/sla");
        assertThat(traces).as("one trace: the request's").containsExactly(traceId);
    }

    /**
     * Every metric the chart's Grafana dashboard and Prometheus alert rules query is exposed at
     * /q/metrics by at least one running service (Prometheus' own {@code up} aside). Counters of
     * consumers appear with their first batch, and consumer lag with the first refresh: waited for.
     */
    @Test
    @Order(2)
    void everyMetricTheDashboardAndTheAlertsQueryIsExposedByARunningService() {
        Path chart = Path.of(System.getProperty("huying.root", "..")).toAbsolutePath().normalize().resolve("helm/huying");
        Set<String> queried = new TreeSet<>(MonitoredMetrics.names(chart));
        queried.remove("up");
        assertThat(queried).as("the dashboard and the rules query Huying's metrics").contains("huying_sla_breaches_total",
                "huying_outbox_oldest_age_seconds", "huying_dead_letters_total", "huying_consumer_lag", "huying_sla_timer_lag_seconds");
        List<String> services = new ArrayList<>(SystemUnderTest.runningServices());
        if (SystemUnderTest.hasGateway()) {
            services.add("gateway");
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            Set<String> exposed = new TreeSet<>();
            for (String service : services) {
                String text = given().baseUri(SystemUnderTest.url(service)).accept("text/plain").get("/q/metrics")
                        .then().statusCode(200).extract().asString();
                Matcher m = SERIES.matcher(text);
                while (m.find()) {
                    exposed.add(m.group(1));
                }
            }
            assertThat(exposed).as("metrics exposed by " + services).containsAll(queried);
        });
    }

    /** The name of each sample line of the Prometheus text format. */
    private static final Pattern SERIES = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
}
