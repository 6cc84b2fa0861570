package io.huying.response.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.TaskDispatched;
import io.huying.platform.inbox.ConsumedEvents;
import io.huying.response.service.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Dispatched tasks (派遣) from huying.tasks land in their unit's inbox. */
@ApplicationScoped
public class DispatchedTasksConsumer {
    static final String CONSUMER = "response";

    private final ConsumedEvents consumed;
    private final Inbox inbox;
    private final ObjectMapper json;

    public DispatchedTasksConsumer(ConsumedEvents consumed, Inbox inbox, ObjectMapper json) {
        this.consumed = consumed;
        this.inbox = inbox;
        this.json = json;
    }

    @Incoming("tasks")
    public Uni<Void> consume(Message<String> message) {
        return consumed.consume(CONSUMER, message, this::apply).replaceWithVoid();
    }

    private Uni<Void> apply(CloudEvent event) {
        if (!EventTypes.TASK_DISPATCHED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        try {
            return inbox.receive(json.treeToValue(event.data(), TaskDispatched.class));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable " + event.type() + " data: " + e.getOriginalMessage(), e));
        }
    }
}
