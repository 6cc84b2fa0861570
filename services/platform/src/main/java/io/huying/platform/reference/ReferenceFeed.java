package io.huying.platform.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.Topics;
import io.huying.platform.inbox.TolerantJson;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reference data announced on huying.reference (compacted, one partition), taken by every instance of a service
 * that switches it on ({@code huying.reference.feed.enabled}): at start the topic is read from its beginning to
 * its end, so the latest version of each document is in force before the service goes on, then followed. No
 * consumer group: the partition is assigned, and nothing is committed or left behind in Kafka. Each announcement
 * goes to the {@link ReferenceFollower} of its type (the catalogue, the org tree, dispatch's routing rules); the owner
 * of a document (intake, for the catalogue and the org tree) reads its own database instead.
 */
@ApplicationScoped
public class ReferenceFeed {
    private static final Duration POLL = Duration.ofSeconds(1);
    /**
     * How long a fetch waits at the broker when there is nothing new. An announcement ends the wait at once (a fetch
     * wants one byte), so this only sets how often an idle instance asks: every 10 s instead of twice a second
     * (the consumer's default), for a topic that changes a few times a year.
     */
    private static final Duration IDLE_FETCH = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final List<ReferenceFollower<?>> followers;
    private final ObjectMapper json;
    private final boolean enabled;
    private final Optional<String> bootstrap;
    private final Duration catchUp;
    private KafkaConsumer<String, String> consumer;
    private volatile boolean running;
    private Thread reader;

    public ReferenceFeed(@All List<ReferenceFollower<?>> followers, ObjectMapper json, @ConfigProperty(name = "huying.reference.feed.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrap,
            @ConfigProperty(name = "huying.reference.feed.catch-up", defaultValue = "30s") Duration catchUp) {
        this.followers = followers;
        this.json = TolerantJson.of(json);
        this.enabled = enabled;
        this.bootstrap = bootstrap;
        this.catchUp = catchUp;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled || bootstrap.isEmpty()) {
            return;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.get());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "huying-reference-feed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) IDLE_FETCH.toMillis());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        try {
            catchUp();
        } catch (RuntimeException e) {
            // Kafka unreachable or the topic missing: the reader keeps trying; until then the shipped data holds.
            Log.warnf("%s could not be read at start (%s): this instance keeps the reference data shipped with the build until it can",
                    Topics.REFERENCE, e.getMessage());
        }
        running = true;
        reader = new Thread(this::follow, "huying-reference-feed");
        reader.setDaemon(true);
        reader.start();
    }

    /** Assigns the topic's partitions from their beginning and reads them to their end (or for {@code catchUp} at most). */
    private void catchUp() {
        List<PartitionInfo> partitions = consumer.partitionsFor(Topics.REFERENCE, catchUp);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.REFERENCE + " does not exist");
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, catchUp);
        long deadline = System.nanoTime() + catchUp.toNanos();
        while (assigned.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                Log.warnf("%s was not read to its end within %s: this instance goes on with what it read and follows the topic",
                        Topics.REFERENCE, catchUp);
                return;
            }
            consumer.poll(POLL).forEach(this::take);
        }
    }

    private void follow() {
        try {
            while (running) {
                try {
                    if (consumer.assignment().isEmpty()) {
                        catchUp();
                    }
                    consumer.poll(IDLE_FETCH).forEach(this::take);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    Log.warnf("reading %s failed (%s); trying again in %s", Topics.REFERENCE, e.getMessage(), RETRY);
                    Thread.sleep(RETRY.toMillis());
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } finally {
            // At once: no group to leave, nothing to commit, and a fetch may be waiting at the broker for up to IDLE_FETCH.
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (reader != null) {
            consumer.wakeup();
            reader.join(2_000);
            if (reader.isAlive()) {
                // Waiting to try again after a failure: no poll to wake.
                reader.interrupt();
                reader.join(2_000);
            }
        }
    }

    /** One record: a document's version, to the followers of its type; anything else is passed over. */
    private void take(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            CloudEvent event = json.readValue(record.value(), CloudEvent.class);
            for (ReferenceFollower<?> follower : followers) {
                if (follower.eventType().equals(event.type())) {
                    announce(follower, event);
                }
            }
        } catch (Exception e) {
            Log.warnf("a record of %s at offset %d could not be read and is passed over: %s", Topics.REFERENCE, record.offset(), e.getMessage());
        }
    }

    private <D> void announce(ReferenceFollower<D> follower, CloudEvent event) throws Exception {
        follower.announced(json.treeToValue(event.data(), follower.dataType()));
    }
}
