package io.huying.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.kafka.EventRecords;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events to the tests' broker exactly as a service's outbox relay does (EventRecords),
 * for tests that stand in for another service — and as a later version of that service would: each
 * event carries an extension attribute ({@value #LATER_ATTRIBUTE}) and a data field
 * ({@value #LATER_FIELD}) no consumer knows. Events evolve additively (DESIGN §4), so every consumer
 * test also proves that a rolling upgrade's newer events are applied, not dead-lettered.
 */
public final class TestEvents implements AutoCloseable {
    /** A CloudEvents extension attribute of a later version (lower-case letters and digits, as the spec wants). */
    public static final String LATER_ATTRIBUTE = "huyinglater";
    /** A data field of a later version. */
    public static final String LATER_FIELD = "addedInALaterVersion";

    private final ObjectMapper json;
    private final KafkaProducer<String, String> producer;

    /** {@code json} must write java.time values as ISO strings (the application's ObjectMapper does). */
    public TestEvents(ObjectMapper json) {
        this(json, LocalInfra.TEST_KAFKA.bootstrap());
    }

    /** Publishes to the broker at {@code bootstrap}, e.g. a test's private {@link KafkaNode}. */
    public TestEvents(ObjectMapper json, String bootstrap) {
        this.json = json;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    /** Sends {@code event} to {@code topic}, keyed by its subject (the call id), and waits for the broker. */
    public void publish(String topic, CloudEvent event) {
        try {
            send(EventRecords.of(topic, event.subject(), event.id(), event.type(), asLaterVersion(event)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * As {@link #publish}, and says where the record landed (topic, partition, offset), e.g. to wait
     * until a consumer group has processed it ({@link ConsumerProgress}).
     */
    public RecordMetadata publishLocated(String topic, CloudEvent event) {
        try {
            return sendLocated(EventRecords.of(topic, event.subject(), event.id(), event.type(), asLaterVersion(event)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The event as JSON, with a later version's extension attribute and data field. */
    private String asLaterVersion(CloudEvent event) throws JsonProcessingException {
        ObjectNode node = json.valueToTree(event);
        node.put(LATER_ATTRIBUTE, "2");
        if (node.get("data") instanceof ObjectNode data) {
            data.put(LATER_FIELD, "ignored by this version");
        }
        return json.writeValueAsString(node);
    }

    private RecordMetadata sendLocated(ProducerRecord<String, String> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the tests' broker did not take the record", e.getCause());
        }
    }

    /** Sends a raw value, e.g. a poison message that is not a CloudEvent at all. */
    public void publishRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** As {@link #publishRaw(String, String, String)}, with these headers. */
    public void publishRaw(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        send(record);
    }

    /** Sends a record read from a topic once more, key, value and headers unchanged: a redelivery. */
    public void redeliver(ConsumerRecord<String, String> record) {
        send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));
    }

    private void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the tests' broker did not take the record", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
