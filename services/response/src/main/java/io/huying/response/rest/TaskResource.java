package io.huying.response.rest;

import io.huying.contracts.Urgency;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.huying.response.TaskStatus;
import io.huying.response.repository.InboxTaskRepository;
import io.huying.response.service.TaskQueries;
import io.huying.response.service.TaskResponses;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** 部门/科室待办 — a unit's inbox and what its staff do with each task. */
@Path("/api/tasks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
    private final TaskQueries queries;
    private final TaskResponses responses;
    private final Callers callers;

    public TaskResource(TaskQueries queries, TaskResponses responses, Callers callers) {
        this.queries = queries;
        this.responses = responses;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Tasks of your unit and the units below it: most urgent first, then oldest")
    public Uni<TaskQueries.InboxPage> inbox(@QueryParam("status") String status, @QueryParam("urgency") String urgency,
            @QueryParam("category") String category, @QueryParam("page") String page, @QueryParam("size") String size) {
        var filter = new InboxTaskRepository.Filter(
                QueryParams.enumValue("status", status, TaskStatus.class),
                QueryParams.parsed("urgency", urgency, Urgency::parse),
                category == null || category.isBlank() ? null : category.trim());
        return queries.inbox(callers.current(), filter, QueryParams.integer("page", page, 0, 0, 100_000),
                QueryParams.integer("size", size, 20, 1, 100));
    }

    @GET
    @Path("{taskId}")
    @Operation(summary = "A task with everything done on it")
    public Uni<TaskView> task(@PathParam("taskId") String taskId) {
        return queries.task(callers.current(), QueryParams.pathId("task", taskId));
    }

    @POST
    @Path("{taskId}/sign-for")
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "签收 — sign for a dispatched task")
    public Uni<TaskView> signFor(@PathParam("taskId") String taskId) {
        return responses.signFor(callers.current(), QueryParams.pathId("task", taskId)).chain(t -> queries.task(callers.current(), t.taskId));
    }

    @POST
    @Path("{taskId}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "进展 / 联系来电人 — note progress or contact with the caller")
    public Uni<TaskView> note(@PathParam("taskId") String taskId, @NotNull @Valid TaskRequests.Note body) {
        return responses.note(callers.current(), QueryParams.pathId("task", taskId), body.kind(), body.note().strip())
                .chain(t -> queries.task(callers.current(), t.taskId));
    }

    @POST
    @Path("{taskId}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "办结 — report the task handled, with the result and evidence")
    public Uni<TaskView> complete(@PathParam("taskId") String taskId, @NotNull @Valid TaskRequests.Completion body) {
        return responses.complete(callers.current(), QueryParams.pathId("task", taskId), body.result().strip(), body.evidenceOrEmpty())
                .chain(t -> queries.task(callers.current(), t.taskId));
    }

    @POST
    @Path("{taskId}/return")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "退回 — return a misrouted task (within the return window, before handling starts)")
    public Uni<TaskView> returnTask(@PathParam("taskId") String taskId, @NotNull @Valid TaskRequests.Return body) {
        return responses.returnTask(callers.current(), QueryParams.pathId("task", taskId), body.reasonCode(), body.reason().strip())
                .chain(t -> queries.task(callers.current(), t.taskId));
    }

    @POST
    @Path("{taskId}/extension-requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "延期申请 — ask the dispatcher for a later deadline")
    public Uni<TaskView> requestExtension(@PathParam("taskId") String taskId, @NotNull @Valid TaskRequests.Extension body) {
        return responses.requestExtension(callers.current(), QueryParams.pathId("task", taskId), body.requestedDeadline(), body.reason().strip())
                .chain(t -> queries.task(callers.current(), t.taskId));
    }


}
