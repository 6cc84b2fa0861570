package io.huying.platform.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The idempotent consumer. For each incoming CloudEvent it inserts (consumer, event id) first and
 * runs the effect in the same transaction: a redelivered event finds its row and changes nothing;
 * an effect that fails rolls its row back and is retried (bounded, with backoff); an event that is
 * unreadable or still fails is nacked, which sends it to the dead-letter topic ({@link DeadLetters}).
 */
@ApplicationScoped
public class ConsumedEvents {
    private final ObjectMapper json;
    private final int maxRetries;
    private final Duration firstBackoff;

    public ConsumedEvents(ObjectMapper json,
            @ConfigProperty(name = "huying.consumer.max-retries", defaultValue = "3") int maxRetries,
            @ConfigProperty(name = "huying.consumer.first-backoff", defaultValue = "100ms") Duration firstBackoff) {
        this.json = json;
        this.maxRetries = maxRetries;
        this.firstBackoff = firstBackoff;
    }

    /** Outcome of one message. */
    public enum Outcome {
        APPLIED, DUPLICATE, DEAD_LETTERED
    }

    /**
     * Processes {@code message} once for {@code consumer}; acks it when applied or duplicate, nacks it
     * (to the dead-letter topic) when unreadable or still failing after the retries.
     */
    public Uni<Outcome> consume(String consumer, Message<String> message, Function<CloudEvent, Uni<Void>> effect) {
        CloudEvent event;
        try {
            event = json.readValue(message.getPayload(), CloudEvent.class);
        } catch (Exception e) {
            return deadLetter(consumer, message, new IllegalArgumentException("not a readable CloudEvent: " + e.getMessage(), e));
        }
        return once(consumer, event, effect)
                .onFailure().retry().withBackOff(firstBackoff, firstBackoff.multipliedBy(20)).atMost(maxRetries)
                .onItem().transformToUni(applied -> Uni.createFrom().completionStage(message.ack())
                        .replaceWith(applied ? Outcome.APPLIED : Outcome.DUPLICATE))
                .onFailure().recoverWithUni(e -> deadLetter(consumer, message, e));
    }

    /** Runs {@code effect} in one transaction with the (consumer, event id) row; false when already processed. */
    public Uni<Boolean> once(String consumer, CloudEvent event, Function<CloudEvent, Uni<Void>> effect) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into huying_processed_event (consumer, event_id) values (:consumer, :id)
                        on conflict do nothing""")
                .setParameter("consumer", consumer).setParameter("id", event.id())
                .executeUpdate()
                .chain(inserted -> inserted == 1
                        ? effect.apply(event).replaceWith(Boolean.TRUE)
                        : Uni.createFrom().item(Boolean.FALSE))));
    }

    private Uni<Outcome> deadLetter(String consumer, Message<String> message, Throwable cause) {
        Log.warnf("%s gives up on a message, sending it to the dead-letter topic: %s", consumer, cause.getMessage());
        // SmallRye's dead-letter strategy writes the reason's message to the dead-letter-reason header.
        Throwable reason = new DeadLetteredException(consumer + ": " + cause.getMessage(), cause);
        return Uni.createFrom().completionStage(message.nack(reason)).replaceWith(Outcome.DEAD_LETTERED);
    }

    /** Why a consumer gave up on an event; its message starts with the consumer's name. */
    public static final class DeadLetteredException extends RuntimeException {
        DeadLetteredException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
