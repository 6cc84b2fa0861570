package io.huying.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskResponse;
import io.huying.platform.outbox.EventRecords;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes huying.task.completed.v1 as the response service does, and reads huying.feedback. */
final class Completions implements AutoCloseable {
    static final String FENGLING = "/baiyun/jinsha/fengling";
    static final String URBAN = "/baiyun/jinsha/sections/urban";

    private final ObjectMapper json;
    private final KafkaProducer<String, String> producer;
    final TopicProbe feedback;

    Completions(ObjectMapper json) {
        this.json = json;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.TEST_KAFKA.bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
        feedback = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.FEEDBACK);
    }

    /** A completion of task {@code taskId} of call {@code callId} (a new event each time). */
    CloudEvent completed(UUID callId, UUID taskId, TaskRole role) {
        Instant now = Instant.now();
        TaskResponse data = new TaskResponse(taskId, callId, "JS-20261127-0042", URBAN, FENGLING, role,
                new Actor("sub-u", "urban.section", URBAN), now, null, null, "已清理占道摊点", List.of(), null, null, null);
        return CloudEvent.of("response", EventTypes.TASK_COMPLETED, callId, now, json.valueToTree(data));
    }

    void publish(CloudEvent event) throws Exception {
        producer.send(EventRecords.of(Topics.RESPONSES, event.subject(), event.id(), event.type(), json.writeValueAsString(event))).get();
    }

    List<JsonNode> feedbackOf(UUID callId, int count) {
        return feedback.await(r -> callId.toString().equals(r.key()), count, Duration.ofSeconds(30)).stream().map(r -> {
            try {
                return json.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Override
    public void close() {
        producer.close();
        feedback.close();
    }
}
