package io.huying.sla.messaging;

import io.huying.platform.inbox.ConsumedEvents;
import io.huying.sla.service.LifecycleEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The four lifecycle topics start and stop the clocks, through one channel: one batch transaction
 * at a time takes the calls' locks and applies the batch together (a poison event still goes to its
 * own topic's dead-letter topic).
 */
@ApplicationScoped
public class LifecycleEventsConsumer {
    static final String CONSUMER = "sla";

    private final ConsumedEvents consumed;
    private final LifecycleEvents lifecycle;

    public LifecycleEventsConsumer(ConsumedEvents consumed, LifecycleEvents lifecycle) {
        this.consumed = consumed;
        this.lifecycle = lifecycle;
    }

    @Incoming("lifecycle")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumed.consumeAll(CONSUMER, batch, lifecycle::applyAll);
    }
}
