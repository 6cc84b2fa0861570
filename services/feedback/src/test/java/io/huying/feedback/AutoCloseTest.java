package io.huying.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.schema.EventSchemas;
import io.huying.feedback.service.Verifications;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** 自动结案 — no verification within the window closes the call by itself, once, marked as such. */
@QuarkusTest
@TestProfile(AutoCloseTest.ShortWindow.class)
class AutoCloseTest {

    public static class ShortWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("huying.feedback.verify-window", "2s", "huying.feedback.auto-close-every", "1s");
        }
    }

    @Inject
    ObjectMapper json;

    @Inject
    Verifications verifications;

    @Test
    void anUnansweredVerificationClosesByItselfOnce() throws Throwable {
        try (Completions completions = new Completions(json)) {
            UUID callId = UUID.randomUUID();
            completions.publish(completions.completed(callId, UUID.randomUUID(), TaskRole.LEAD));

            List<JsonNode> events = completions.feedbackOf(callId, 2);
            assertThat(events).extracting(e -> e.get("type").asText())
                    .containsExactly(EventTypes.VERIFICATION_OPENED, EventTypes.VERIFICATION_CLOSED);
            assertThat(new EventSchemas().violations(events.get(1))).isEmpty();
            assertThat(events.get(1).at("/data/autoClosed").asBoolean()).isTrue();

            // Feedback's relay publishes at least once, so "once" is proven on the effect: a further run of the
            // auto-close, finished before the row is read again, leaves the closed verification as the first run left it.
            String closed = closedRow(callId);
            assertThat(closed).startsWith("CLOSED true ");
            VertxContextSupport.subscribeAndAwait(() -> verifications.autoCloseOverdue());
            assertThat(closedRow(callId)).isEqualTo(closed);
        }
    }

    private static String closedRow(UUID callId) {
        return LocalInfra.queryString("feedback_test", "select status || ' ' || auto_closed || ' ' || decided_at from verification"
                + " where call_id = ?::uuid", callId);
    }
}
