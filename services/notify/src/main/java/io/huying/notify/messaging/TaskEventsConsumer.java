package io.huying.notify.messaging;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.ExtensionDecided;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskSuspension;
import io.huying.contracts.events.TaskWithdrawn;
import io.huying.notify.mapping.NotificationDrafts;
import io.huying.notify.service.Notifications;
import io.huying.platform.inbox.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** 新任务 and changes of a unit's tasks (撤回, 延期审批, 挂起, 恢复办理) from huying.tasks become notifications to that unit. */
@ApplicationScoped
public class TaskEventsConsumer {
    static final String CONSUMER = "notify-tasks";
    private static final Set<String> NOTIFIED = Set.of(EventTypes.TASK_DISPATCHED, EventTypes.TASK_WITHDRAWN,
            EventTypes.TASK_EXTENSION_DECIDED, EventTypes.TASK_SUSPENDED, EventTypes.TASK_RESUMED);

    private final ConsumedEvents consumed;
    private final NotificationDrafts drafts;
    private final Notifications notifications;

    public TaskEventsConsumer(ConsumedEvents consumed, NotificationDrafts drafts, Notifications notifications) {
        this.consumed = consumed;
        this.drafts = drafts;
        this.notifications = notifications;
    }

    @Incoming("tasks")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumed.consume(CONSUMER, batch, event -> NOTIFIED.contains(event.type()), this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.TASK_DISPATCHED -> {
                TaskDispatched task = consumed.data(event, TaskDispatched.class);
                yield notifications.rememberTask(task.taskId(), task.title())
                        .chain(() -> notifications.record(drafts.dispatched(task), event.id()));
            }
            case EventTypes.TASK_WITHDRAWN -> notifications.record(drafts.withdrawn(consumed.data(event, TaskWithdrawn.class)), event.id());
            case EventTypes.TASK_EXTENSION_DECIDED ->
                    notifications.record(drafts.extensionDecided(consumed.data(event, ExtensionDecided.class)), event.id());
            case EventTypes.TASK_SUSPENDED -> notifications.record(drafts.suspension(consumed.data(event, TaskSuspension.class), true), event.id());
            case EventTypes.TASK_RESUMED -> notifications.record(drafts.suspension(consumed.data(event, TaskSuspension.class), false), event.id());
            default -> Uni.createFrom().voidItem();
        };
    }
}
