package io.huying.feedback.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskResponse;
import io.huying.feedback.service.Verifications;
import io.huying.platform.inbox.ConsumedEvents;
import io.huying.platform.inbox.UnprocessableEvent;
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
    private final ObjectMapper json;

    public CompletedTasksConsumer(ConsumedEvents consumed, Verifications verifications, ObjectMapper json) {
        this.consumed = consumed;
        this.verifications = verifications;
        this.json = json;
    }

    @Incoming("responses")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumed.consume(CONSUMER, batch, this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        if (!EventTypes.TASK_COMPLETED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        try {
            TaskResponse completed = json.treeToValue(event.data(), TaskResponse.class);
            return completed.role() == TaskRole.LEAD ? verifications.open(completed) : Uni.createFrom().voidItem();
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new UnprocessableEvent("unreadable " + event.type() + " data: " + e.getOriginalMessage(), e));
        }
    }
}
