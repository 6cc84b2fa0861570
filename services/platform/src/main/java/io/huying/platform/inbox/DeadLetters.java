package io.huying.platform.inbox;

/**
 * Dead-letter conventions. Every incoming channel is configured with
 * {@code failure-strategy=dead-letter-queue} and {@code dead-letter-queue.topic=<topic>.dlq}: a
 * message that {@link ConsumedEvents} nacks (unreadable, or still failing after bounded retries)
 * is written there unchanged, with SmallRye's {@code dead-letter-reason} (starting with the
 * consumer's name), {@code -cause}, {@code -topic}, {@code -partition} and {@code -offset}
 * headers, and the consumer goes on.
 */
public final class DeadLetters {
    public static final String REASON_HEADER = "dead-letter-reason";
    public static final String TOPIC_HEADER = "dead-letter-topic";

    private DeadLetters() {
    }
}
