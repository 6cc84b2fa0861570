package io.huying.response.messaging;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.ExtensionDecided;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskSuspension;
import io.huying.contracts.events.TaskWithdrawn;
import io.huying.platform.inbox.ConsumedEvents;
import io.huying.response.service.Inbox;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Dispatched tasks (派遣) from huying.tasks land in their unit's inbox; withdrawals (撤回), extension decisions (延期审批) and suspensions (挂起) follow. */
@ApplicationScoped
public class DispatchedTasksConsumer {
    static final String CONSUMER = "response";

    private final ConsumedEvents consumed;
    private final Inbox inbox;

    public DispatchedTasksConsumer(ConsumedEvents consumed, Inbox inbox) {
        this.consumed = consumed;
        this.inbox = inbox;
    }

    @Incoming("tasks")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumed.consume(CONSUMER, batch, this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.TASK_DISPATCHED -> inbox.receive(consumed.data(event, TaskDispatched.class));
            case EventTypes.TASK_WITHDRAWN -> inbox.withdraw(consumed.data(event, TaskWithdrawn.class));
            case EventTypes.TASK_EXTENSION_DECIDED -> inbox.extensionDecided(consumed.data(event, ExtensionDecided.class));
            case EventTypes.TASK_SUSPENDED -> inbox.suspension(consumed.data(event, TaskSuspension.class), true);
            case EventTypes.TASK_RESUMED -> inbox.suspension(consumed.data(event, TaskSuspension.class), false);
            default -> Uni.createFrom().voidItem();
        };
    }
}
