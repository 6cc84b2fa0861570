package io.huying.response.rest;

import io.huying.platform.http.SseHeartbeats;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.huying.response.InboxTask;
import io.huying.response.mapping.TaskViews;
import io.huying.response.service.TaskFeed;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** 实时待办 — the inbox as a live Server-Sent Events stream: each task of your unit or below, as it is created or changes. */
@Path("/api/tasks/stream")
@Authenticated
public class TaskStreamResource {
    /** The SSE event name; its data is the task as {@code GET /api/tasks} lists it. */
    private static final String TASK_EVENT = "task";

    private final TaskFeed feed;
    private final TaskViews views;
    private final Callers callers;

    public TaskStreamResource(TaskFeed feed, TaskViews views, Callers callers) {
        this.feed = feed;
        this.views = views;
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live inbox: a `task` event each time a task of your unit or below is created or changes; "
            + "a comment every 15 s keeps the connection open")
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Caller caller = callers.current();
        caller.unit(); // scoped like the inbox: 403 for an account in no org unit or in several
        Multi<OutboundSseEvent> tasks = feed.watch(caller)
                .onItem().transformToIterable(task -> shown(task, caller))
                .map(task -> sse.newEventBuilder().name(TASK_EVENT).data(TaskView.class, task).build());
        return SseHeartbeats.around(tasks, sse, callers.tokenExpiry());
    }

    /** The task as the inbox lists it for {@code caller} (the reporter masked or not); a task that cannot be shown is skipped. */
    private List<TaskView> shown(InboxTask task, Caller caller) {
        try {
            return List.of(views.view(task, caller));
        } catch (RuntimeException e) {
            Log.warnf("live task feed cannot show task %s: %s", task.taskId, e.getMessage());
            return List.of();
        }
    }
}
