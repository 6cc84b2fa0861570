package io.huying.platform.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.huying.contracts.Topics;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay publishes when the work that appended reports its commit, and only then: here its
 * idle look comes every ten minutes, so an event on Kafka within seconds was published because its
 * commit was reported — by the work itself, or, for a write request, by the response filter
 * ({@link RequestCommits}). On the real tests broker and database.
 */
@QuarkusTest
@TestProfile(CommitReportsTest.RareIdleLooks.class)
class CommitReportsTest {
    private static final Duration SOON = Duration.ofSeconds(10);

    public static class RareIdleLooks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("huying.outbox.idle-wait", "10m");
        }
    }

    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;

    private TopicProbe feedback;

    @BeforeEach
    void open() {
        feedback = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.FEEDBACK);
    }

    @AfterEach
    void close() {
        feedback.close();
    }

    @Test
    void workThatReportsItsCommitHasItsEventPublishedAtOnce() throws Throwable {
        UUID call = UUID.randomUUID();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.append(Topics.FEEDBACK, "platform",
                        "huying.test.probed.v1", call, Instant.now(), Map.of("note", "reported")))
                .invoke(relay::committed));

        assertThat(feedback.await(r -> call.toString().equals(r.key()), 1, SOON)).hasSize(1);
    }

    @Test
    void aWriteRequestsCommitIsReportedByTheResponseFilter() {
        UUID call = UUID.randomUUID();
        given().post("/probe/outbox/" + call).then().statusCode(204);

        assertThat(feedback.await(r -> call.toString().equals(r.key()), 1, SOON)).hasSize(1);
    }
}
