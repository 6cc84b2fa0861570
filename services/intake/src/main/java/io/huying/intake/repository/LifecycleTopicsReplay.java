package io.huying.intake.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the lifecycle topics from their beginning up to the end offsets they had when the replay
 * began, with a plain consumer in no consumer group: it assigns every partition itself and commits
 * nothing, so the live consumer group ({@link LifecycleEventsConsumer}) is untouched. Blocking: it
 * runs on the caller's thread, which must not be an event-loop thread; interrupting that thread
 * stops it.
 */
@ApplicationScoped
public class LifecycleTopicsReplay {
    /** The topics LifecycleEventsConsumer's channels read. */
    public static final List<String> TOPICS = List.of(Topics.CALLS, Topics.TASKS, Topics.RESPONSES, Topics.FEEDBACK, Topics.SLA);
    private static final Duration POLL = Duration.ofMillis(500);

    private final ObjectMapper json;
    private final String bootstrapServers;

    public LifecycleTopicsReplay(ObjectMapper json, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.json = json;
        this.bootstrapServers = bootstrapServers;
    }

    /** What the replay hands over, record by record, in offset order within each partition. */
    public interface Records {
        void event(CloudEvent event);

        /** A record that is no CloudEvent; the live consumer dead-letters such records. */
        void unreadable(String where, String why);
    }

    /** Hands every record below the end offsets as of now to {@code records}. */
    public void replay(Records records) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties())) {
            List<TopicPartition> partitions = partitionsOf(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Set<TopicPartition> remaining = new HashSet<>(partitions);
            while (!finished(consumer, remaining, end)) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        hand(record, records);
                    }
                }
            }
        }
    }

    /** Partitions whose first records are gone (retention, deleted records), as topic-partition: first offset. */
    public List<String> partitionsMissingTheirFirstEvents() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties())) {
            List<TopicPartition> partitions = partitionsOf(consumer);
            consumer.assign(partitions); // otherwise the client warns about every partition's offsets it looks up
            return consumer.beginningOffsets(partitions).entrySet().stream()
                    .filter(first -> first.getValue() > 0)
                    .map(first -> first.getKey() + ": " + first.getValue())
                    .sorted()
                    .toList();
        }
    }

    /** Drops and pauses the partitions read up to their end offset; true when none is left. */
    private static boolean finished(KafkaConsumer<String, String> consumer, Set<TopicPartition> remaining,
            Map<TopicPartition, Long> end) {
        List<TopicPartition> done = remaining.stream().filter(p -> consumer.position(p) >= end.get(p)).toList();
        consumer.pause(done);
        done.forEach(remaining::remove);
        return remaining.isEmpty();
    }

    private void hand(ConsumerRecord<String, String> record, Records records) {
        CloudEvent event;
        try {
            event = json.readValue(record.value(), CloudEvent.class);
        } catch (Exception e) {
            records.unreadable(record.topic() + "-" + record.partition() + "@" + record.offset(),
                    "not a readable CloudEvent: " + e.getMessage());
            return;
        }
        records.event(event);
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, String> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                // A missing topic would silently leave its steps out of the rebuilt timeline.
                throw new IllegalStateException("topic " + topic + " does not exist on the broker");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "huying-intake-timeline-rebuild");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }
}
