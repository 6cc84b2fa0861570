package io.huying.feedback.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskResponse;
import io.huying.feedback.service.Verifications;
import io.huying.platform.inbox.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A completed lead task (主办办结) opens the raiser's verification; assisting tasks do not. */
@ApplicationScoped
public class CompletedTasksConsumer {
    static final String CONSUMER = "feedback";

    private final ConsumedEvents consumed;
    private final Verifications verifications;
    private final ObjectMapper json;

    public CompletedTasksConsumer(ConsumedEvents consumed, Verifications verifications, ObjectMapper json) {
        this.consumed = consumed;
        this.verifications = verifications;
        this.json = json;
    }

    @Incoming("responses")
    public Uni<Void> consume(Message<String> message) {
        return consumed.consume(CONSUMER, message, this::apply).replaceWithVoid();
    }

    private Uni<Void> apply(CloudEvent event) {
        if (!EventTypes.TASK_COMPLETED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        try {
            TaskResponse completed = json.treeToValue(event.data(), TaskResponse.class);
            return completed.role() == TaskRole.LEAD ? verifications.open(completed) : Uni.createFrom().voidItem();
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable " + event.type() + " data: " + e.getOriginalMessage(), e));
        }
    }
}
