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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Dispatched tasks (派遣) from huying.tasks land in their unit's inbox; withdrawals (撤回), extension decisions (延期审批) and suspensions (挂起) follow. */
@ApplicationScoped
public class DispatchedTasksConsumer {
    static final String CONSUMER = "response";
    private static final Set<String> APPLIED = Set.of(EventTypes.TASK_DISPATCHED, EventTypes.TASK_WITHDRAWN,
            EventTypes.TASK_EXTENSION_DECIDED, EventTypes.TASK_SUSPENDED, EventTypes.TASK_RESUMED);

    private final ConsumedEvents consumed;
    private final Inbox inbox;

    public DispatchedTasksConsumer(ConsumedEvents consumed, Inbox inbox) {
        this.consumed = consumed;
        this.inbox = inbox;
    }

    /**
     * A poll's events in one transaction, in the order received (a call's events share a partition, so
     * its order is kept). Consecutive dispatches are put into the inboxes together; each other event is
     * applied on its own, after the dispatches before it.
     */
    @Incoming("tasks")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumed.consumeAll(CONSUMER, batch, event -> APPLIED.contains(event.type()), this::apply);
    }

    private Uni<Void> apply(List<CloudEvent> events) {
        Uni<Void> applied = Uni.createFrom().voidItem();
        List<TaskDispatched> dispatched = new ArrayList<>();
        for (CloudEvent event : events) {
            if (EventTypes.TASK_DISPATCHED.equals(event.type())) {
                dispatched.add(consumed.data(event, TaskDispatched.class));
                continue;
            }
            List<TaskDispatched> before = dispatched;
            applied = applied.chain(() -> receive(before)).chain(() -> applyOne(event));
            dispatched = new ArrayList<>();
        }
        List<TaskDispatched> last = dispatched;
        return applied.chain(() -> receive(last));
    }

    private Uni<Void> receive(List<TaskDispatched> dispatched) {
        return dispatched.isEmpty() ? Uni.createFrom().voidItem() : inbox.receive(dispatched).call(ConsumedEvents::flushAndClear);
    }

    private Uni<Void> applyOne(CloudEvent event) {
        Uni<Void> applied = switch (event.type()) {
            case EventTypes.TASK_WITHDRAWN -> inbox.withdraw(consumed.data(event, TaskWithdrawn.class));
            case EventTypes.TASK_EXTENSION_DECIDED -> inbox.extensionDecided(consumed.data(event, ExtensionDecided.class));
            case EventTypes.TASK_SUSPENDED -> inbox.suspension(consumed.data(event, TaskSuspension.class), true);
            case EventTypes.TASK_RESUMED -> inbox.suspension(consumed.data(event, TaskSuspension.class), false);
            default -> Uni.createFrom().voidItem();
        };
        return applied.call(ConsumedEvents::flushAndClear);
    }
}
