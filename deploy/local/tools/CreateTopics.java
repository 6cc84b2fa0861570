/*
 * Creates the Huying topics that are missing on a Kafka cluster (never deletes or alters).
 *
 *   java -cp "deploy/local/.run/lib/kafka/*" deploy/local/tools/CreateTopics.java \
 *        <bootstrap> <topics.conf> [waitSeconds]
 *
 * topics.conf: one topic per line, "name partitions"; blank lines and '#' comments ignored.
 * Replication factor is 1 (single local broker). The broker counts as ready when it answers a
 * describeCluster call; the tool waits up to waitSeconds (default 60) for that.
 * Exit codes: 0 ok, 1 broker not ready / admin failure, 2 usage or bad config.
 */
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

public class CreateTopics {

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: CreateTopics <bootstrap> <topics.conf> [waitSeconds]");
            System.exit(2);
        }
        String bootstrap = args[0];
        Map<String, Topic> wanted = readConf(Path.of(args[1]));
        long waitSeconds = args.length == 3 ? Long.parseLong(args[2]) : 60;

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "huying-create-topics");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);

        try (Admin admin = Admin.create(props)) {
            awaitBroker(admin, bootstrap, waitSeconds);

            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            wanted.forEach((name, topic) -> {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, topic.partitions(), (short) 1).configs(topic.configs()));
                }
            });
            if (!missing.isEmpty()) {
                var result = admin.createTopics(missing);
                for (NewTopic t : missing) {
                    try {
                        result.values().get(t.name()).get(30, TimeUnit.SECONDS);
                        System.out.printf("  created %-28s partitions=%d%s%n", t.name(), t.numPartitions(),
                                t.configs() == null || t.configs().isEmpty() ? "" : " " + t.configs());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            System.err.println("CreateTopics: failed to create " + t.name() + ": " + e.getCause());
                            System.exit(1);
                        }
                    }
                }
            }

            Map<String, TopicDescription> described =
                    admin.describeTopics(wanted.keySet()).allTopicNames().get(30, TimeUnit.SECONDS);
            int mismatches = 0;
            for (var e : wanted.entrySet()) {
                int actual = described.get(e.getKey()).partitions().size();
                if (actual != e.getValue().partitions()) {
                    mismatches++;
                    System.err.printf("CreateTopics: WARNING %s has %d partitions, topics.conf says %d "
                            + "(existing topics are never altered)%n", e.getKey(), actual, e.getValue().partitions());
                }
            }
            System.out.printf("CreateTopics: %d topics present on %s (%d created now%s)%n", wanted.size(),
                    bootstrap, missing.size(), mismatches == 0 ? "" : ", " + mismatches + " partition mismatches");
        }
    }

    private static void awaitBroker(Admin admin, String bootstrap, long waitSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                var cluster = admin.describeCluster();
                int nodes = cluster.nodes().get(5, TimeUnit.SECONDS).size();
                String clusterId = cluster.clusterId().get(5, TimeUnit.SECONDS);
                if (nodes > 0) {
                    System.out.printf("CreateTopics: broker %s ready (cluster %s)%n", bootstrap, clusterId);
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(500);
        }
        System.err.println("CreateTopics: broker " + bootstrap + " did not answer within " + waitSeconds + " s"
                + (last == null ? "" : ": " + last));
        System.exit(1);
    }

    private static Map<String, Topic> readConf(Path conf) throws Exception {
        Map<String, Topic> topics = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : Files.readAllLines(conf, StandardCharsets.UTF_8)) {
            lineNo++;
            String line = raw.replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            Map<String, String> configs = new LinkedHashMap<>();
            for (int i = 2; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq < 1) {
                    configs = null;
                    break;
                }
                configs.put(f[i].substring(0, eq), f[i].substring(eq + 1));
            }
            if (f.length < 2 || configs == null || !f[0].matches("[A-Za-z0-9._-]{1,249}") || !f[1].matches("[1-9][0-9]{0,3}")) {
                System.err.println("CreateTopics: " + conf + ":" + lineNo + ": expected 'name partitions [config=value ...]', got: " + raw);
                System.exit(2);
            }
            topics.put(f[0], new Topic(Integer.parseInt(f[1]), configs));
        }
        if (topics.isEmpty()) {
            System.err.println("CreateTopics: no topics in " + conf);
            System.exit(2);
        }
        return topics;
    }

    /** A topic as topics.conf wants it: partitions and topic configs (e.g. cleanup.policy=compact). */
    record Topic(int partitions, Map<String, String> configs) {
    }
}
