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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** 时限动态 (GET /api/sla/stream): SLA events reach ops streams live, named by their type. */
@QuarkusTest
class SlaStreamTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

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
        try (Lifecycle lifecycle = new Lifecycle(json); SlaStream ops = new SlaStream("baiyun.ops")) {
            Lifecycle.Call call = Lifecycle.newCall("GS-01", Urgency.CRITICAL);
            UUID task = UUID.randomUUID();
            lifecycle.publish(lifecycle.dispatched(call, task, TaskRole.LEAD, URBAN, Instant.now().minus(Duration.ofDays(20))));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ops.events().stream()
                    .anyMatch(e -> e.startsWith(EventTypes.SLA_BREACHED + " ") && e.contains(task.toString())));
            assertThat(ops.events()).anyMatch(e -> e.startsWith(EventTypes.SLA_CLOCK_STARTED + " ") && e.contains(task.toString()));
            // 特急 and 20 days overdue: 督办 goes out with the breach; the console appends it to the breach's row by clockId.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ops.events().stream()
                    .anyMatch(e -> e.startsWith(EventTypes.SLA_ESCALATED + " ") && e.contains(task.toString())
                            && e.contains("\"level\":\"SUPERVISE\"")));
            String breach = ops.events().stream().filter(e -> e.startsWith(EventTypes.SLA_BREACHED + " ") && e.contains(task.toString()))
                    .findFirst().orElseThrow();
            JsonNode event = json.readTree(breach.substring(breach.indexOf(' ') + 1));
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
        try (SlaStream district = new SlaStream("baiyun.ops"); SlaStream street = new SlaStream("jinsha.ops")) {
            clock.set(Instant.parse("2026-12-22T01:00:00Z"));
            try {
                assertThat(VertxContextSupport.subscribeAndAwait(() -> provisional.warnIfDue())).isTrue();
            } finally {
                clock.reset();
            }
            for (SlaStream stream : List.of(district, street)) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stream.events().stream()
                        .anyMatch(e -> e.startsWith(EventTypes.SLA_CALENDAR_PROVISIONAL + " ") && e.contains("\"day\":\"2026-12-22\"")));
            }
        }
    }

    @Test
    void onlyOpsAndAdminsMayListen() {
        given().header("Authorization", KeycloakTokens.bearer("urban.section")).accept("text/event-stream").get("/api/sla/stream")
                .then().statusCode(403);
        given().accept("text/event-stream").get("/api/sla/stream").then().statusCode(401);
    }

    /** A real SSE client: each event as "name data"; open once the first heartbeat arrived. */
    private final class SlaStream implements AutoCloseable, Flow.Subscriber<String> {
        private final List<String> events = new CopyOnWriteArrayList<>();
        private final CountDownLatch live = new CountDownLatch(1);
        private volatile Flow.Subscription subscription;
        private String name;

        SlaStream(String user) throws Exception {
            CompletableFuture<Integer> status = new CompletableFuture<>();
            HttpRequest request = HttpRequest.newBuilder(streamUrl)
                    .header("Authorization", KeycloakTokens.bearer(user)).header("Accept", "text/event-stream").GET().build();
            HTTP.sendAsync(request, info -> {
                status.complete(info.statusCode());
                return BodySubscribers.fromLineSubscriber(this);
            });
            assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(live.await(10, TimeUnit.SECONDS)).as("the stream sends a heartbeat at once").isTrue();
        }

        List<String> events() {
            return events;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith(":")) {
                live.countDown();
            } else if (line.startsWith("event:")) {
                name = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:")) {
                events.add(name + " " + line.substring("data:".length()).trim());
            }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }

        @Override
        public void close() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
