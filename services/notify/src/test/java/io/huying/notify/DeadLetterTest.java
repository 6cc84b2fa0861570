package io.huying.notify;

import static io.huying.notify.Events.URBAN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched;
import io.huying.platform.inbox.DeadLetters;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** An event the notify consumers can never apply goes to its topic's dead-letter topic, and the consumer goes on. */
@QuarkusTest
class DeadLetterTest {
    @Inject
    ObjectMapper json;

    @Test
    void aDispatchWithUnreadableDataIsDeadLetteredAndTheNextOneIsNotified() {
        UUID callId = UUID.randomUUID();
        ObjectNode broken = json.createObjectNode().put("taskId", "not-a-uuid").put("urgency", "whenever");
        CloudEvent poison = CloudEvent.of("dispatch", EventTypes.TASK_DISPATCHED, callId, Instant.now(), broken);
        try (TopicProbe dlq = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.deadLetterOf(Topics.TASKS));
                TestEvents raw = new TestEvents(json);
                Events events = new Events(json)) {
            raw.publish(Topics.TASKS, poison);
            TaskDispatched next = events.dispatched(URBAN, Urgency.ROUTINE);
            events.publishTask(events.event(next));

            ConsumerRecord<String, String> dead = dlq.await(r -> r.value().contains(poison.id().toString()), 1, Bell.WAIT).get(0);
            assertThat(new String(dead.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .startsWith("notify-tasks");
            Bell.await("urban.section", next.number(), "TASK_NEW");
        }
    }
}
