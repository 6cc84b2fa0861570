package io.huying.response.service;

import io.huying.contracts.events.TaskDispatched;
import io.huying.response.InboxTask;
import io.huying.response.TaskStatus;
import io.huying.response.repository.InboxTaskRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Puts dispatched tasks into their unit's inbox (inside the consumer's transaction). */
@ApplicationScoped
public class Inbox {
    private final InboxTaskRepository tasks;

    public Inbox(InboxTaskRepository tasks) {
        this.tasks = tasks;
    }

    public Uni<Void> receive(TaskDispatched dispatched) {
        return tasks.findById(dispatched.taskId()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            InboxTask t = new InboxTask();
            t.taskId = dispatched.taskId();
            t.callId = dispatched.callId();
            t.number = dispatched.number();
            t.role = dispatched.role();
            t.unitPath = dispatched.unitPath();
            t.raisingUnit = dispatched.raisingUnit();
            t.streetPath = dispatched.streetPath();
            t.categoryCode = dispatched.categoryCode();
            t.urgency = dispatched.urgency();
            t.urgencyRank = switch (dispatched.urgency()) {
                case CRITICAL -> 0;
                case URGENT -> 1;
                case ROUTINE -> 2;
            };
            t.title = dispatched.title();
            t.status = TaskStatus.DISPATCHED;
            t.dispatchedAt = dispatched.dispatchedAt();
            t.updatedAt = Instant.now();
            return tasks.persist(t).replaceWithVoid();
        });
    }
}
