package io.huying.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * A private single-node Kafka broker for one test, started and stopped with the launcher
 * ({@code deploy/local/huying kafka-node}), so a test can take its broker down and bring it back
 * without touching the shared one.
 */
public final class KafkaNode {
    private final String name;
    private final int brokerPort;
    private final int controllerPort;

    public KafkaNode(String name, int brokerPort, int controllerPort) {
        this.name = name;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    public String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Starts the broker (reusing its data when it ran before) and waits until it serves. */
    public void start() {
        LocalInfra.launcher(List.of("kafka-node", "start", name, String.valueOf(brokerPort), String.valueOf(controllerPort)), 180);
    }

    public void stop() {
        LocalInfra.launcher(List.of("kafka-node", "stop", name), 120);
    }

    /** Stops the broker and wipes its data, then starts it: an empty broker with the topics of deploy/topics.conf. */
    public void startEmpty() {
        LocalInfra.launcher(List.of("kafka-node", "reset", name), 120);
        start();
    }

    /** The directory the launcher keeps this broker's data and ports in (deploy/local/.run/kafka-nodes/NAME). */
    Path directory() {
        return LocalInfra.repositoryRoot().resolve("deploy/local/.run/kafka-nodes").resolve(name);
    }

    public boolean isUp() {
        return LocalInfra.answers(bootstrap());
    }
}
