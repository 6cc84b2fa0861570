package io.huying.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/**
 * How far a service's consumer group has got on the tests' broker: its committed offsets. A consumer
 * commits an offset only after it acknowledged every record before it on that partition, so a
 * committed offset past a record proves the record was processed — the same proof as a later
 * record with the same key whose effect is seen, for topics where no producer ever sends such a
 * record (nothing follows a call's one outcome event on huying.calls, say). The commit follows the
 * processing by up to the consumer's commit interval (SmallRye's throttled strategy: 5 s by default).
 */
public final class ConsumerProgress {
    private ConsumerProgress() {
    }

    /** Waits until {@code group} has committed past every one of {@code records}. */
    public static void awaitConsumed(String group, Collection<RecordMetadata> records, Duration timeout) {
        Map<TopicPartition, Long> needed = new HashMap<>();
        for (RecordMetadata r : records) {
            needed.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.TEST_KAFKA.bootstrap());
        try (Admin admin = Admin.create(props)) {
            Awaitility.await("consumer group " + group + " past " + needed).atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
                        return needed.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue());
                    });
        }
    }

    public static void awaitConsumed(String group, RecordMetadata record, Duration timeout) {
        awaitConsumed(group, List.of(record), timeout);
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of " + group, e.getCause());
        }
    }
}
