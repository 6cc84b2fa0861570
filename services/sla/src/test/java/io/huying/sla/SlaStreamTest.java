package io.huying.sla;

import static io.huying.sla.Lifecycle.URBAN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.sla.service.ClockRecompute;
import io.huying.sla.service.ProvisionalCalendars;
import io.huying.sla.service.SlaRules;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.SseStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** 时限动态 (GET /api/sla/stream): SLA events reach ops streams live, named by their type. */
@QuarkusTest
class SlaStreamTest {

    @Inject
    ObjectMapper json;
    @Inject
    MovableClock clock;
    @Inject
    SlaRules rules;
    @Inject
    ClockRecompute recompute;
    @Inject
    ProvisionalCalendars provisional;

    @TestHTTPResource("/api/sla/stream")
    URI streamUrl;

    @Test
    void aBreachAndItsEscalationsReachTheOpsStreamAsTheyAreAnnounced() throws Exception {
        try (Lifecycle lifecycle = new Lifecycle(json); SseStream ops = new SseStream(streamUrl, "baiyun.ops", json)) {
            Lifecycle.Call call = Lifecycle.newCall("GS-01", Urgency.CRITICAL);
            UUID task = UUID.randomUUID();
            lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, Instant.now().minus(Duration.ofDays(20))));
            JsonNode event = ops.await(EventTypes.SLA_BREACHED, e -> e.toString().contains(task.toString()), Duration.ofSeconds(30));
            assertThat(ops.find(EventTypes.SLA_CLOCK_STARTED, e -> e.toString().contains(task.toString()))).isPresent();
            // 特急 and 20 days overdue: 督办 goes out with the breach; the console appends it to the breach's row by clockId.
            ops.await(EventTypes.SLA_ESCALATED, e -> e.toString().contains(task.toString()) && e.toString().contains("\"level\":\"SUPERVISE\""),
                    Duration.ofSeconds(30));
            assertThat(event.path("type").asText()).isEqualTo(EventTypes.SLA_BREACHED);
            assertThat(event.at("/data/number").asText()).isEqualTo(call.number());
            assertThat(event.at("/data/unitPath").asText()).isEqualTo(URBAN);
            assertThat(event.at("/data/clockId").isTextual()).isTrue();
            assertThat(event.at("/data/at").isTextual()).isTrue();
        }
    }

    @Test
    void theProvisionalCalendarWarningReachesEveryOpsWatcherWhateverTheirUnit() throws Throwable {
        Calendars calendars = new Calendars(json, rules, recompute);
        calendars.forget(2027);
        try (SseStream district = new SseStream(streamUrl, "baiyun.ops", json); SseStream street = new SseStream(streamUrl, "jinsha.ops", json)) {
            clock.set(Instant.parse("2026-12-22T01:00:00Z"));
            try {
                assertThat(VertxContextSupport.subscribeAndAwait(() -> provisional.warnIfDue())).isTrue();
            } finally {
                clock.reset();
            }
            for (SseStream stream : List.of(district, street)) {
                stream.await(EventTypes.SLA_CALENDAR_PROVISIONAL, e -> e.toString().contains("\"day\":\"2026-12-22\""), Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void onlyOpsAndAdminsMayListen() {
        given().header("Authorization", KeycloakTokens.bearer("urban.section")).accept("text/event-stream").get("/api/sla/stream")
                .then().statusCode(403);
        given().accept("text/event-stream").get("/api/sla/stream").then().statusCode(401);
    }
}
