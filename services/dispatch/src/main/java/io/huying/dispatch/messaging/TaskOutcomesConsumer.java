package io.huying.dispatch.messaging;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.events.VerificationReopened;
import io.huying.dispatch.service.TaskOutcomes;
import io.huying.platform.inbox.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * What happened to dispatched tasks: the units' responses (huying.responses — sign-for, completion,
 * return, extension request) and the raiser's rework verdict (huying.feedback). Other event types
 * of those topics need nothing from dispatch.
 */
@ApplicationScoped
public class TaskOutcomesConsumer {
    private final ConsumedEvents consumed;
    private final TaskOutcomes outcomes;

    public TaskOutcomesConsumer(ConsumedEvents consumed, TaskOutcomes outcomes) {
        this.consumed = consumed;
        this.outcomes = outcomes;
    }

    @Incoming("responses")
    public Uni<Void> responses(KafkaRecordBatch<String, String> batch) {
        return consumed.consume(AcceptedCallsConsumer.CONSUMER, batch, this::applyResponse);
    }

    @Incoming("feedback")
    public Uni<Void> feedback(KafkaRecordBatch<String, String> batch) {
        return consumed.consume(AcceptedCallsConsumer.CONSUMER, batch, this::applyFeedback);
    }

    private Uni<Void> applyResponse(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.TASK_ACKNOWLEDGED -> outcomes.onAcknowledged(consumed.data(event, TaskResponse.class));
            case EventTypes.TASK_COMPLETED -> outcomes.onCompleted(consumed.data(event, TaskResponse.class));
            case EventTypes.TASK_RETURNED -> outcomes.onReturned(consumed.data(event, TaskResponse.class));
            case EventTypes.TASK_EXTENSION_REQUESTED -> outcomes.onExtensionRequested(event.id(), consumed.data(event, TaskResponse.class));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> applyFeedback(CloudEvent event) {
        return EventTypes.VERIFICATION_REOPENED.equals(event.type())
                ? outcomes.onReopened(consumed.data(event, VerificationReopened.class))
                : Uni.createFrom().voidItem();
    }
}
