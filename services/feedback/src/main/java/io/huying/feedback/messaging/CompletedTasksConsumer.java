package io.huying.feedback.messaging;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskResponse;
import io.huying.feedback.service.Verifications;
import io.huying.platform.inbox.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A completed lead task (主办办结) opens the raiser's verification; assisting tasks do not. */
@ApplicationScoped
public class CompletedTasksConsumer {
    static final String CONSUMER = "feedback";

    private final ConsumedEvents consumed;
    private final Verifications verifications;

    public CompletedTasksConsumer(ConsumedEvents consumed, Verifications verifications) {
        this.consumed = consumed;
        this.verifications = verifications;
    }

    @Incoming("responses")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumed.consume(CONSUMER, batch, this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        if (!EventTypes.TASK_COMPLETED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        TaskResponse completed = consumed.data(event, TaskResponse.class);
        return completed.role() == TaskRole.LEAD ? verifications.open(completed) : Uni.createFrom().voidItem();
    }
}
