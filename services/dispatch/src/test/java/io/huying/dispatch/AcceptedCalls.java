package io.huying.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Channel;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.RequestType;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.CallAccepted;
import io.huying.contracts.events.Location;
import io.huying.platform.outbox.EventRecords;
import io.huying.testing.LocalInfra;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes huying.call.accepted.v1 events to the tests' broker exactly as intake's outbox relay does. */
final class AcceptedCalls implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json;

    AcceptedCalls(ObjectMapper json) {
        this.json = json;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.TEST_KAFKA.bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    /** A CloudEvent for a new call of {@code category} raised by {@code raisingUnit}. */
    CloudEvent accepted(String raisingUnit, String category, String grid) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        String street = raisingUnit.split("/").length > 2 ? "/" + raisingUnit.split("/")[1] + "/" + raisingUnit.split("/")[2] : raisingUnit;
        String number = (street.endsWith("songzhou") ? "SZ" : "JS") + "-20261127-" + (1000 + ThreadLocalRandom.current().nextInt(9000));
        CallAccepted data = new CallAccepted(id, number, raisingUnit, street,
                new Actor("sub-1", "test.office", raisingUnit), category, "2026.1", Urgency.URGENT, RequestType.COMPLAINT,
                "测试呼叫 " + category, "测试呼叫的描述", new Location("测试路1号", grid, null, null), null, List.of(),
                Channel.GRID_INSPECTION, now, now);
        return CloudEvent.of("intake", EventTypes.CALL_ACCEPTED, id, now, json.valueToTree(data));
    }

    CloudEvent withType(CloudEvent event, String type) {
        return new CloudEvent(event.specversion(), UUID.randomUUID(), event.source(), type, event.time(), event.subject(),
                event.datacontenttype(), event.data());
    }

    void publish(CloudEvent event) throws Exception {
        producer.send(EventRecords.of(Topics.CALLS, event.subject(), event.id(), event.type(), json.writeValueAsString(event))).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
