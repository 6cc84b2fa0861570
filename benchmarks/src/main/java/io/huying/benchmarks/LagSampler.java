package io.huying.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Samples every 10 s how many records each consumer group has yet to consume: a growing number is a backlog. */
final class LagSampler {
    private final Admin admin;
    private final List<String> groups;
    private final List<String> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private LagSampler(String bootstrap, List<String> groups) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(props);
        this.groups = groups;
        this.thread = new Thread(this::loop, "lag-sampler");
        this.thread.setDaemon(true);
    }

    static LagSampler start(String bootstrap, List<String> groups) {
        LagSampler sampler = new LagSampler(bootstrap, groups);
        sampler.thread.start();
        return sampler;
    }

    private void loop() {
        long start = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(10_000);
                StringBuilder line = new StringBuilder(String.format("t+%4ds", (System.nanoTime() - start) / 1_000_000_000L));
                for (String group : groups) {
                    line.append(String.format("  %s %d", group, lag(group)));
                }
                synchronized (samples) {
                    samples.add(line.toString());
                }
                System.out.println("lag " + line);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                System.out.println("lag sample failed: " + e.getMessage());
            }
        }
    }

    private long lag(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        long lag = 0;
        for (var e : committed.entrySet()) {
            lag += ends.get(e.getKey()).offset() - (e.getValue() == null ? 0 : e.getValue().offset());
        }
        return lag;
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    void print() {
        synchronized (samples) {
            System.out.println("consumer lag (records not yet consumed) every 10 s while the load ran:");
            samples.forEach(s -> System.out.println("  " + s));
        }
        admin.close();
    }
}
