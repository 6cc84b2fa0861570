package io.huying.intake;

import io.huying.testing.KafkaNode;
import io.huying.testing.LocalInfraResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Intake on a Kafka broker of its own, empty when the application starts: for tests that take the
 * broker down (the modules share LocalInfra.TEST_KAFKA, which must stay up for them) or that need to
 * know everything the topics hold (a timeline rebuild replays all of it). Its relay, consumers and
 * rebuild all use kafka.bootstrap.servers, which points here.
 */
public class OwnBroker implements QuarkusTestProfile {
    static final KafkaNode NODE = new KafkaNode("intake-own", 29192, 29193);

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Node.class, Map.of("database", "intake_test")));
    }

    /** IntakeTestInfra's resource would point Kafka at the shared node: this profile's resource does the rest of its work. */
    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    /** PostgreSQL and Keycloak as for every intake test; Kafka from {@link #NODE}, started empty and stopped at the end. */
    public static class Node extends LocalInfraResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            NODE.startEmpty();
            config.put("kafka.bootstrap.servers", NODE.bootstrap());
            return config;
        }

        @Override
        public void stop() {
            NODE.stop();
        }
    }
}
