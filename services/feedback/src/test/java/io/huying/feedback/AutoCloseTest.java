package io.huying.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.schema.EventSchemas;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
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

    @Test
    void anUnansweredVerificationClosesByItselfOnce() throws Exception {
        try (Completions completions = new Completions(json)) {
            UUID callId = UUID.randomUUID();
            completions.publish(completions.completed(callId, UUID.randomUUID(), TaskRole.LEAD));

            List<JsonNode> events = completions.feedbackOf(callId, 2);
            assertThat(events).extracting(e -> e.get("type").asText())
                    .containsExactly(EventTypes.VERIFICATION_OPENED, EventTypes.VERIFICATION_CLOSED);
            assertThat(new EventSchemas().violations(events.get(1))).isEmpty();
            assertThat(events.get(1).at("/data/autoClosed").asBoolean()).isTrue();
            assertThat(completions.feedback.drain(r -> callId.toString().equals(r.key()), Duration.ofSeconds(3))).hasSize(2);
        }
    }
}
