package io.huying.response.rest;

import io.huying.contracts.Urgency;
import io.huying.platform.audit.AuditTrail;
import io.huying.platform.error.ProblemException;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.huying.platform.security.RevealRequest;
import io.huying.platform.security.RevealedReporter;
import io.huying.platform.security.Roles;
import io.huying.response.ReplyTemplates;
import io.huying.response.TaskStatus;
import io.huying.response.mapping.TaskViews;
import io.huying.response.repository.InboxTaskRepository;
import io.huying.response.repository.UnitMemberRepository;
import io.huying.response.service.TaskQueries;
import io.huying.response.service.TaskResponses;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
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
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** 部门/科室待办 — a unit's inbox and what its staff do with each task. */
@Path("/api/tasks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
    private final TaskQueries queries;
    private final TaskResponses responses;
    private final TaskViews views;
    private final UnitMemberRepository members;
    private final ReplyTemplates templates;
    private final Callers callers;
    private final Clock clock;

    public TaskResource(TaskQueries queries, TaskResponses responses, TaskViews views, UnitMemberRepository members,
            ReplyTemplates templates, Callers callers, Clock clock) {
        this.clock = clock;
        this.queries = queries;
        this.views = views;
        this.responses = responses;
        this.members = members;
        this.templates = templates;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Tasks of your unit and the units below it: nearest open deadline first (sign-for until signed for, then "
            + "the agreed or resolve deadline; none last), then most urgent, then first received. sla filters on that deadline's "
            + "state; mine=true keeps the tasks assigned to you")
    public Uni<TaskPage> inbox(@QueryParam("status") String status, @QueryParam("urgency") String urgency,
            @QueryParam("category") String category, @QueryParam("sla") String sla, @QueryParam("mine") String mine,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        Caller caller = callers.current();
        boolean onlyMine = Boolean.TRUE.equals(QueryParams.parsed("mine", mine, TaskResource::strictBoolean));
        var filter = new InboxTaskRepository.Filter(
                QueryParams.enumValue("status", status, TaskStatus.class),
                QueryParams.parsed("urgency", urgency, Urgency::parse),
                category == null || category.isBlank() ? null : category.trim(),
                QueryParams.enumValue("sla", sla, InboxTaskRepository.SlaState.class),
                onlyMine ? caller.username() : null);
        return queries.inbox(caller, filter, QueryParams.integer("page", page, 0, 0, 100_000),
                QueryParams.integer("size", size, 20, 1, 100)).map(p -> views.page(p, caller));
    }

    private static Boolean strictBoolean(String raw) {
        return switch (raw.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    @GET
    @Path("members")
    @RolesAllowed(Roles.DEPARTMENT)
    @WithSession
    @Operation(summary = "单位成员 — the members of your unit a task can be assigned to (those who have used Huying)")
    public Uni<List<Member>> members() {
        return members.ofUnit(callers.current().unit().value())
                .map(list -> list.stream().map(m -> new Member(m.username, m.name)).toList());
    }

    /** A member of the unit: username and display name. */
    public record Member(String username, String name) {
    }

    @GET
    @Path("templates")
    @Operation(summary = "快捷回复 — quick replies for progress notes (NOTE) and results (RESULT) for a category, e.g. SR-01")
    public Uni<List<ReplyTemplates.Template>> templates(@QueryParam("category") String category) {
        callers.current(); // 三员分立: not for the security or the audit administrator
        String code = QueryParams.parsed("category", category, raw -> {
            if (!raw.matches("[A-Z]{2}-[0-9]{2}")) {
                throw new IllegalArgumentException("must be a category code like SR-01");
            }
            return raw;
        });
        return Uni.createFrom().item(templates.of(code));
    }

    @POST
    @Path("sign-for")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "批量签收 — sign for up to 50 tasks, each on its own: one result per task (200, or the problem's status and detail)")
    public Uni<TaskRequests.BulkResult> signForAll(@NotNull @Valid TaskRequests.BulkSignFor body) {
        Caller caller = callers.current();
        return Multi.createFrom().iterable(List.copyOf(new LinkedHashSet<>(body.taskIds())))
                .onItem().transformToUniAndConcatenate(taskId -> responses.signFor(caller, taskId)
                        .map(t -> new TaskRequests.BulkOutcome(taskId, 200, "task " + t.number + " signed for"))
                        .onFailure().recoverWithItem(failure -> outcome(taskId, failure)))
                .collect().asList()
                .map(TaskRequests.BulkResult::new);
    }

    private static TaskRequests.BulkOutcome outcome(UUID taskId, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return new TaskRequests.BulkOutcome(taskId, problem.problem().status(), problem.problem().detail());
        }
        Log.warnf(failure, "bulk sign-for of task %s failed", taskId);
        return new TaskRequests.BulkOutcome(taskId, 500, "could not sign for the task now; try again");
    }

    @POST
    @Path("{taskId}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "分派到人 — give the task to a member of your unit")
    public Uni<TaskView> assign(@PathParam("taskId") String taskId, @NotNull @Valid TaskRequests.Assignment body) {
        return responses.assign(callers.current(), QueryParams.pathId("task", taskId), body.username().strip())
                .chain(t -> task(t.taskId));
    }

    @GET
    @Path("{taskId}")
    @Operation(summary = "A task with everything done on it")
    public Uni<TaskView> task(@PathParam("taskId") String taskId) {
        return task(QueryParams.pathId("task", taskId));
    }

    /** The task as the caller sees it, with everything done on it. */
    private Uni<TaskView> task(UUID taskId) {
        Caller caller = callers.current();
        return queries.task(caller, taskId).map(history -> views.view(history, caller));
    }

    @POST
    @Path("{taskId}/reporter/reveal")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "查看完整号码: the reporter's phone number in full, for the handling unit, with a reason",
            description = "The phone number is masked in every view; revealing it needs a reason, which the operation audit log keeps "
                    + "with who revealed it and when.")
    public Uni<RevealedReporter> revealReporter(@PathParam("taskId") String taskId, @NotNull @Valid RevealRequest request,
            RoutingContext routing) {
        AuditTrail.detail(routing, "reveal reporter phone; reason: " + request.reason());
        return queries.revealReporter(callers.current(), QueryParams.pathId("task", taskId), Instant.now(clock));
    }

    @POST
    @Path("{taskId}/sign-for")
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "签收 — sign for a dispatched task")
    public Uni<TaskView> signFor(@PathParam("taskId") String taskId) {
        return responses.signFor(callers.current(), QueryParams.pathId("task", taskId)).chain(t -> task(t.taskId));
    }

    @POST
    @Path("{taskId}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "进展 / 联系来电人 — note progress or contact with the caller")
    public Uni<TaskView> note(@PathParam("taskId") String taskId, @NotNull @Valid TaskRequests.Note body) {
        return responses.note(callers.current(), QueryParams.pathId("task", taskId), body.kind(), body.note().strip())
                .chain(t -> task(t.taskId));
    }

    @POST
    @Path("{taskId}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "办结 — report the task handled, with the result and evidence")
    public Uni<TaskView> complete(@PathParam("taskId") String taskId, @NotNull @Valid TaskRequests.Completion body) {
        return responses.complete(callers.current(), QueryParams.pathId("task", taskId), body.result().strip(), body.evidenceOrEmpty(),
                        body.filesOrEmpty())
                .chain(t -> task(t.taskId));
    }

    @POST
    @Path("{taskId}/return")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "退回 — return a misrouted task (within the return window, before handling starts)")
    public Uni<TaskView> returnTask(@PathParam("taskId") String taskId, @NotNull @Valid TaskRequests.Return body) {
        return responses.returnTask(callers.current(), QueryParams.pathId("task", taskId), body.reasonCode(), body.reason().strip())
                .chain(t -> task(t.taskId));
    }

    @POST
    @Path("{taskId}/extension-requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @Operation(summary = "延期申请 — ask the dispatcher for a later deadline")
    public Uni<TaskView> requestExtension(@PathParam("taskId") String taskId, @NotNull @Valid TaskRequests.Extension body) {
        return responses.requestExtension(callers.current(), QueryParams.pathId("task", taskId), body.requestedDeadline(), body.reason().strip())
                .chain(t -> task(t.taskId));
    }
}
