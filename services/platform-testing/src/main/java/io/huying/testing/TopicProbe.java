package io.huying.testing;

import io.huying.contracts.kafka.EventRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain Kafka consumer that reads a topic from the moment it was opened: it assigns every
 * partition itself (no consumer group, so it never takes messages from a running service) and
 * starts at the current end offsets.
 */
public final class TopicProbe implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private TopicProbe(String bootstrap, String topic, boolean fromBeginning) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "huying-test-probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            ends.forEach(consumer::seek);
        }
    }

    /** Reads what is published to {@code topic} from now on. */
    public static TopicProbe fromNow(String bootstrap, String topic) {
        return new TopicProbe(bootstrap, topic, false);
    }

    public static TopicProbe fromBeginning(String bootstrap, String topic) {
        return new TopicProbe(bootstrap, topic, true);
    }

    /** Polls until {@code count} records matching {@code filter} have been seen, or the timeout; returns those seen. */
    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.stream().filter(filter).count() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return seen.stream().filter(filter).toList();
    }

    /**
     * Polls until {@code count} distinct events (by CloudEvent id, header huying-event-id) matching
     * {@code filter} have been seen, or the timeout; returns each distinct event once, in the order first
     * seen. An outbox relay publishes at least once, so a redelivered record is not a second event.
     */
    public List<ConsumerRecord<String, String>> awaitDistinct(Predicate<ConsumerRecord<String, String>> filter, int count,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (distinct(filter).size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return distinct(filter);
    }

    /**
     * Polls until a record matching {@code until} has been seen (a same-key marker: everything before it
     * on its partition has been seen too), or the timeout; returns the distinct events matching
     * {@code filter} seen so far, in the order first seen.
     */
    public List<ConsumerRecord<String, String>> distinctUntil(Predicate<ConsumerRecord<String, String>> filter,
            Predicate<ConsumerRecord<String, String>> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.stream().noneMatch(until) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        if (seen.stream().noneMatch(until)) {
            throw new AssertionError("no record of the awaited kind arrived within " + timeout);
        }
        return distinct(filter);
    }

    private List<ConsumerRecord<String, String>> distinct(Predicate<ConsumerRecord<String, String>> filter) {
        LinkedHashMap<String, ConsumerRecord<String, String>> byId = new LinkedHashMap<>();
        seen.stream().filter(filter).forEach(r -> byId.putIfAbsent(eventId(r), r));
        return List.copyOf(byId.values());
    }

    /** The record's CloudEvent id (the huying-event-id header the relays set); its offset for a record without one. */
    public static String eventId(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(EventRecords.EVENT_ID_HEADER);
        return header == null ? record.topic() + "@" + record.partition() + ":" + record.offset()
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Polls until every partition has been read up to its end offset as of this call, and returns every
     * matching record seen so far: complete for whatever the topic held at that moment, with no wait
     * that a slow machine could outlast.
     */
    public List<ConsumerRecord<String, String>> toEnd(Predicate<ConsumerRecord<String, String>> filter) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return seen.stream().filter(filter).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
