package io.huying.contracts;

/** Kafka topics. Each is created explicitly (see deploy/topics.conf); auto-creation is off. */
public final class Topics {
    /** 呼叫 — outcomes of raising a call. */
    public static final String CALLS = "huying.calls";
    public static final String TASKS = "huying.tasks";
    public static final String RESPONSES = "huying.responses";
    public static final String FEEDBACK = "huying.feedback";
    public static final String SLA = "huying.sla";
    /**
     * 参考数据 — each version of reference data an administrator puts in force (the category catalogue, the org tree,
     * the routing rules), whole.
     * Compacted: the latest of each kind stays, so every service reads it from the beginning at start.
     */
    public static final String REFERENCE = "huying.reference";

    private Topics() {
    }

    /** The dead-letter topic of a topic: {@code <topic>.dlq}. */
    public static String deadLetterOf(String topic) {
        return topic + ".dlq";
    }
}
