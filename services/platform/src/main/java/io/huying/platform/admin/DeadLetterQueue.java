package io.huying.platform.admin;

import io.agroal.api.AgroalDataSource;
import io.huying.contracts.Topics;
import io.huying.platform.inbox.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The dead-letter topics ({@code <topic>.dlq}), read and redriven. A listing reads a topic from its
 * beginning to its end with a consumer of no group (it moves no one's offsets); a redrive publishes
 * each dead letter not redriven before back to the topic it came from — key, value and headers as
 * they were — and records (dead-letter topic, partition, offset) in {@code huying_dead_letter_redrive}.
 * Every consumer deduplicates on the event id, so an event already applied changes nothing when it
 * comes back, and a redrive interrupted between publishing and recording only publishes again.
 */
@ApplicationScoped
public class DeadLetterQueue {
    /** The topics that have a dead-letter topic: every topic of the design. */
    public static final List<String> TOPICS = List.of(Topics.CALLS, Topics.TASKS, Topics.RESPONSES, Topics.FEEDBACK, Topics.SLA);
    private static final Pattern EVENT_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");
    private static final Pattern EVENT_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]{1,100})\"");

    /** One dead letter: where it lies, what it is, why it was given up on, and whether it was redriven. */
    public record DeadLetter(String topic, int partition, long offset, String key, String eventId, String eventType,
            String reason, String cause, String fromTopic, Instant deadLetteredAt, Instant redrivenAt, String redrivenBy) {
    }

    private final String bootstrapServers;
    private final AgroalDataSource dataSource;

    public DeadLetterQueue(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, AgroalDataSource dataSource) {
        this.bootstrapServers = bootstrapServers;
        this.dataSource = dataSource;
    }

    /** The dead-letter topic of a topic of the design, by either name; null when it is none of them. */
    public static String deadLetterTopic(String name) {
        for (String topic : TOPICS) {
            if (topic.equals(name) || Topics.deadLetterOf(topic).equals(name)) {
                return Topics.deadLetterOf(topic);
            }
        }
        return null;
    }

    /** Every dead letter of {@code dlqTopic}, oldest first, with its redrive if any. */
    public List<DeadLetter> list(String dlqTopic) throws SQLException {
        List<ConsumerRecord<String, String>> records = read(dlqTopic);
        Map<String, Redrive> redriven = redriven(dlqTopic);
        List<DeadLetter> letters = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> r : records) {
            Redrive redrive = redriven.get(r.partition() + "@" + r.offset());
            String value = r.value() == null ? "" : r.value();
            letters.add(new DeadLetter(r.topic(), r.partition(), r.offset(), r.key(), first(EVENT_ID, value), first(EVENT_TYPE, value),
                    header(r, DeadLetters.REASON_HEADER), header(r, DeadLetters.REASON_HEADER + "-cause"), fromTopic(r),
                    Instant.ofEpochMilli(r.timestamp()), redrive == null ? null : redrive.at(), redrive == null ? null : redrive.by()));
        }
        return letters;
    }

    /**
     * Publishes every dead letter of {@code dlqTopic} not redriven before to the topic it came from,
     * waits for the broker, and records each; returns the letters redriven now.
     */
    public List<DeadLetter> redrive(String dlqTopic, String by) throws SQLException {
        List<ConsumerRecord<String, String>> records = read(dlqTopic);
        Map<String, Redrive> redriven = redriven(dlqTopic);
        List<ConsumerRecord<String, String>> due = records.stream().filter(r -> !redriven.containsKey(r.partition() + "@" + r.offset())).toList();
        List<DeadLetter> done = new ArrayList<>();
        if (due.isEmpty()) {
            return done;
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties());
                Connection c = dataSource.getConnection();
                PreparedStatement record = c.prepareStatement("""
                        insert into huying_dead_letter_redrive (dlq_topic, dlq_partition, dlq_offset, event_id, redriven_by)
                        values (?, ?, ?, ?, ?) on conflict do nothing""")) {
            for (ConsumerRecord<String, String> r : due) {
                ProducerRecord<String, String> back = new ProducerRecord<>(fromTopic(r), null, r.key(), r.value());
                for (Header h : r.headers()) {
                    if (!h.key().startsWith("dead-letter-")) {
                        back.headers().add(h);
                    }
                }
                Future<RecordMetadata> sent = producer.send(back);
                try {
                    sent.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while redriving " + dlqTopic, e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the broker did not take a redriven record: " + e.getCause().getMessage(), e.getCause());
                }
                String value = r.value() == null ? "" : r.value();
                record.setString(1, dlqTopic);
                record.setInt(2, r.partition());
                record.setLong(3, r.offset());
                String eventId = first(EVENT_ID, value);
                record.setObject(4, eventId == null ? null : UUID.fromString(eventId));
                record.setString(5, by);
                record.executeUpdate();
                done.add(new DeadLetter(r.topic(), r.partition(), r.offset(), r.key(), eventId, first(EVENT_TYPE, value),
                        header(r, DeadLetters.REASON_HEADER), header(r, DeadLetters.REASON_HEADER + "-cause"), fromTopic(r),
                        Instant.ofEpochMilli(r.timestamp()), Instant.now(), by));
            }
        }
        return done;
    }

    private record Redrive(Instant at, String by) {
    }

    private Map<String, Redrive> redriven(String dlqTopic) throws SQLException {
        Map<String, Redrive> redriven = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select dlq_partition, dlq_offset, redriven_at, redriven_by from huying_dead_letter_redrive where dlq_topic = ?")) {
            ps.setString(1, dlqTopic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    redriven.put(rs.getInt(1) + "@" + rs.getLong(2), new Redrive(rs.getTimestamp(3).toInstant(), rs.getString(4)));
                }
            }
        }
        return redriven;
    }

    /** The topic's records from its beginning to the end it had when the read began. */
    private List<ConsumerRecord<String, String>> read(String dlqTopic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            List<TopicPartition> partitions = consumer.partitionsFor(dlqTopic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + dlqTopic + " to its end took longer than 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.add(r);
                    }
                });
            }
        }
        records.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
        return records;
    }

    private static String fromTopic(ConsumerRecord<String, String> r) {
        String original = header(r, DeadLetters.TOPIC_HEADER);
        if (original != null) {
            return original;
        }
        return r.topic().endsWith(".dlq") ? r.topic().substring(0, r.topic().length() - 4) : r.topic();
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String first(Pattern pattern, String value) {
        Matcher m = pattern.matcher(value);
        return m.find() ? m.group(1) : null;
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "huying-dead-letter-admin");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "huying-dead-letter-redrive");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }
}
