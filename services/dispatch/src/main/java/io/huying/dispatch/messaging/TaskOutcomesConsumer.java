package io.huying.dispatch.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.events.VerificationReopened;
import io.huying.dispatch.service.TaskOutcomes;
import io.huying.platform.inbox.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What happened to dispatched tasks: the units' responses (huying.responses — sign-for, completion,
 * return, extension request) and the raiser's rework verdict (huying.feedback). Other event types
 * of those topics need nothing from dispatch.
 */
@ApplicationScoped
public class TaskOutcomesConsumer {
    private final ConsumedEvents consumed;
    private final TaskOutcomes outcomes;
    private final ObjectMapper json;

    public TaskOutcomesConsumer(ConsumedEvents consumed, TaskOutcomes outcomes, ObjectMapper json) {
        this.consumed = consumed;
        this.outcomes = outcomes;
        this.json = json;
    }

    @Incoming("responses")
    public Uni<Void> responses(Message<String> message) {
        return consumed.consume(AcceptedCallsConsumer.CONSUMER, message, this::applyResponse).replaceWithVoid();
    }

    @Incoming("feedback")
    public Uni<Void> feedback(Message<String> message) {
        return consumed.consume(AcceptedCallsConsumer.CONSUMER, message, this::applyFeedback).replaceWithVoid();
    }

    private Uni<Void> applyResponse(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.TASK_ACKNOWLEDGED -> outcomes.onAcknowledged(data(event, TaskResponse.class));
            case EventTypes.TASK_COMPLETED -> outcomes.onCompleted(data(event, TaskResponse.class));
            case EventTypes.TASK_RETURNED -> outcomes.onReturned(data(event, TaskResponse.class));
            case EventTypes.TASK_EXTENSION_REQUESTED -> outcomes.onExtensionRequested(event.id(), data(event, TaskResponse.class));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> applyFeedback(CloudEvent event) {
        return EventTypes.VERIFICATION_REOPENED.equals(event.type())
                ? outcomes.onReopened(data(event, VerificationReopened.class))
                : Uni.createFrom().voidItem();
    }

    private <T> T data(CloudEvent event, Class<T> type) {
        try {
            return json.treeToValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable " + event.type() + " data: " + e.getOriginalMessage(), e);
        }
    }
}
