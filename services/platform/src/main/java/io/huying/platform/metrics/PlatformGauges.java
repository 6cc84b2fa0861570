package io.huying.platform.metrics;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gauges every service shows at {@code /q/metrics}, refreshed every {@code huying.metrics.refresh-every}
 * (a scrape reads the last values and never waits on the database or Kafka):
 * <ul>
 * <li>{@code huying_outbox_backlog} — outbox rows not yet published; {@code huying_outbox_oldest_age_seconds}
 * — how long the oldest of them has waited; {@code huying_outbox_parked} — rows Kafka refused for good.</li>
 * <li>{@code huying_consumer_lag{group,topic,partition}} — records of each partition the service's consumer
 * groups have not committed yet (end offset − committed offset), as {@code kafka-consumer-groups} shows it.
 * Every replica of a service reports its groups' lag, so dashboards take the max per group and partition.</li>
 * </ul>
 */
// Started with the application: its meters are there (at 0) before anything happens.
@Startup
@ApplicationScoped
public class PlatformGauges {
    private final AgroalDataSource dataSource;
    private final String bootstrapServers;
    private final String service;
    private final IncomingChannels channels;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final MultiGauge lag;
    private Admin admin;

    public PlatformGauges(AgroalDataSource dataSource, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "huying.service") String service) {
        this.dataSource = dataSource;
        this.bootstrapServers = bootstrapServers;
        this.service = service;
        this.channels = IncomingChannels.of(ConfigProvider.getConfig());
        Gauge.builder("huying.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet published to Kafka").register(registry);
        Gauge.builder("huying.outbox.oldest.age", oldestAgeMillis, a -> a.get() / 1000.0).baseUnit("seconds")
                .description("How long the oldest unpublished outbox row has waited").register(registry);
        Gauge.builder("huying.outbox.parked", parked, AtomicLong::get)
                .description("Outbox rows Kafka refused for good, parked for an operator").register(registry);
        this.lag = MultiGauge.builder("huying.consumer.lag")
                .description("Records of a partition the consumer group has not committed yet").register(registry);
    }

    @Scheduled(every = "${huying.metrics.refresh-every:15s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        refreshOutbox();
        refreshLag();
    }

    /** Reads the outbox's backlog now (tests call it rather than wait for the schedule). */
    public void refreshOutbox() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("""
                    select count(*), coalesce(cast(extract(epoch from (now() - min(created_at))) * 1000 as bigint), 0)
                    from huying_outbox""")) {
                rs.next();
                backlog.set(rs.getLong(1));
                oldestAgeMillis.set(Math.max(0, rs.getLong(2)));
            }
            try (ResultSet rs = s.executeQuery("select count(*) from huying_outbox_parked")) {
                rs.next();
                parked.set(rs.getLong(1));
            }
        } catch (SQLException e) {
            Log.debugf("outbox gauges not refreshed: %s", e.getMessage());
        }
    }

    /** Reads every consumer group's lag now (tests call it rather than wait for the schedule). */
    public synchronized void refreshLag() {
        if (channels.channels().isEmpty()) {
            return;
        }
        try {
            Admin a = admin();
            Map<String, TopicDescription> topics = a.describeTopics(channels.topics()).allTopicNames().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.values().forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            a.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
            channels.channels().forEach(ch -> groups.put(ch.group(), new ListConsumerGroupOffsetsSpec()));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = a.listConsumerGroupOffsets(groups).all().get(10, TimeUnit.SECONDS);
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (IncomingChannels.Channel ch : channels.channels()) {
                Map<TopicPartition, OffsetAndMetadata> offsets = committed.getOrDefault(ch.group(), Map.of());
                ends.forEach((tp, end) -> {
                    if (!ch.topics().contains(tp.topic())) {
                        return;
                    }
                    OffsetAndMetadata at = offsets.get(tp);
                    long behind = at == null ? end : Math.max(0, end - at.offset());
                    rows.add(MultiGauge.Row.of(Tags.of("group", ch.group(), "topic", tp.topic(), "partition", String.valueOf(tp.partition())), behind));
                });
            }
            lag.register(rows, true);
        } catch (Exception e) {
            Log.debugf("consumer lag not refreshed: %s", e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "huying-" + service + "-metrics",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
        }
        return admin;
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }
}
