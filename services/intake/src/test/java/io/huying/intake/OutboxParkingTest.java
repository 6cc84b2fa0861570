package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.as;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.huying.contracts.Topics;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A row Kafka refuses for good (here: larger than the broker takes) is parked after
 * huying.outbox.max-attempts attempts with its error, the rows behind it flow on, and the system
 * administrator sees it and can release it back into the outbox.
 */
@QuarkusTest
class OutboxParkingTest {
    private static final String DATABASE = "intake_test";

    @Test
    void aRowKafkaRefusesIsParkedWithItsErrorAndTheRowsBehindItFlowOn() throws Exception {
        UUID refused = UUID.randomUUID();
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            try (Connection c = LocalInfra.connect(DATABASE); PreparedStatement ps = c.prepareStatement(
                    "insert into huying_outbox (id, topic, message_key, event_type, payload) values (?, ?, ?, ?, ?)")) {
                ps.setObject(1, refused);
                ps.setString(2, Topics.CALLS);
                ps.setString(3, refused.toString());
                ps.setString(4, "huying.call.accepted.v1");
                ps.setString(5, "{\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
                ps.executeUpdate();
            }
            String behind = raise(FENGLING, body()).then().statusCode(201).extract().path("id");

            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
                    LocalInfra.queryLong(DATABASE, "select count(*) from huying_outbox_parked where id = ?", refused) == 1);
            assertThat(LocalInfra.queryLong(DATABASE, "select count(*) from huying_outbox where id = ?", refused)).isZero();
            // The row behind it is on Kafka (at least once: sent with each attempt, it is acknowledged for good once
            // the refused row no longer stands before it) and leaves the outbox.
            assertThat(probe.awaitDistinct(r -> behind.equals(r.key()), 1, Duration.ofSeconds(60))).hasSize(1);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    LocalInfra.queryLong(DATABASE, "select count(*) from huying_outbox where message_key = ?", behind) == 0);
        }
        as("huying.admin").get("/api/admin/services/intake/outbox/parked").then().statusCode(200)
                .body("find { it.id == '" + refused + "' }.attempts", equalTo(5))
                .body("find { it.id == '" + refused + "' }.lastError", containsString("RecordTooLarge"));
        as("fengling.office").get("/api/admin/services/intake/outbox/parked").then().statusCode(403);

        // Released, it is tried again from the start — and, still too large, parked again.
        as("huying.admin").post("/api/admin/services/intake/outbox/parked/" + refused + "/release").then().statusCode(200)
                .body("id", equalTo(refused.toString()));
        as("huying.admin").post("/api/admin/services/intake/outbox/parked/" + UUID.randomUUID() + "/release").then().statusCode(404);
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
                LocalInfra.queryLong(DATABASE, "select count(*) from huying_outbox_parked where id = ?", refused) == 1);
        LocalInfra.queryLong(DATABASE, "with gone as (delete from huying_outbox_parked where id = ? returning 1) select count(*) from gone", refused);
    }
}
