package io.huying.response.messaging;

import io.huying.platform.inbox.ConsumedEvents;
import io.huying.response.service.TaskDeadlines;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The SLA engine's word on each task's deadlines (huying.sla) reaches the inbox. */
@ApplicationScoped
public class SlaEventsConsumer {
    static final String CONSUMER = "response-sla";

    private final ConsumedEvents consumed;
    private final TaskDeadlines deadlines;

    public SlaEventsConsumer(ConsumedEvents consumed, TaskDeadlines deadlines) {
        this.consumed = consumed;
        this.deadlines = deadlines;
    }

    @Incoming("sla")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumed.consumeAll(CONSUMER, batch, TaskDeadlines::concerns, deadlines::applyAll);
    }
}
