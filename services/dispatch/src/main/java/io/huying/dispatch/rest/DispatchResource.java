package io.huying.dispatch.rest;

import io.huying.dispatch.mapping.DispatchViews;
import io.huying.dispatch.repository.DispatchCaseRepository;
import io.huying.dispatch.repository.TaskRepository;
import io.huying.dispatch.service.ExtensionDecisions;
import io.huying.dispatch.service.ManualDispatch;
import io.huying.dispatch.service.Suspensions;
import io.huying.platform.error.ProblemException;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
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
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The dispatcher's desk: the manual queue (兜底, returned calls, 终审), 改派, 延期审批, 挂起, and a call's tasks. */
@Path("/api/dispatch")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DispatchResource {
    private static final int QUEUE_PAGE = 100;

    private final DispatchCaseRepository cases;
    private final TaskRepository tasks;
    private final ManualDispatch manualDispatch;
    private final ExtensionDecisions extensionDecisions;
    private final Suspensions suspensions;
    private final DispatchViews views;
    private final Callers callers;

    public DispatchResource(DispatchCaseRepository cases, TaskRepository tasks, ManualDispatch manualDispatch,
            ExtensionDecisions extensionDecisions, Suspensions suspensions, DispatchViews views, Callers callers) {
        this.cases = cases;
        this.tasks = tasks;
        this.manualDispatch = manualDispatch;
        this.extensionDecisions = extensionDecisions;
        this.suspensions = suspensions;
        this.views = views;
        this.callers = callers;
    }

    @GET
    @Path("queue")
    @RolesAllowed(Roles.DISPATCHER)
    @WithSession
    @Operation(summary = "Calls no rule routed, waiting for a dispatcher of your unit or below (oldest first)")
    public Uni<List<CaseView>> queue() {
        Caller caller = callers.current();
        return cases.queuedWithin(caller.unit(), QUEUE_PAGE)
                .map(list -> list.stream().map(c -> views.view(c, List.of())).toList());
    }

    @GET
    @Path("units")
    @RolesAllowed(Roles.DISPATCHER)
    @Operation(summary = "Units you may name as lead or assisting unit when dispatching (人工派遣, 改派): "
            + "the departments of your district and the sections within your area")
    public Uni<List<UnitView>> units() {
        Caller caller = callers.current();
        return Uni.createFrom().item(() -> manualDispatch.assignableUnits(caller).stream().map(views::unit).toList());
    }

    @POST
    @Path("queue/{callId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DISPATCHER)
    @Operation(summary = "Dispatch a queued call (人工派遣) to a lead unit and optional assisting units")
    public Uni<CaseView> dispatch(@PathParam("callId") String callId, @NotNull @Valid ManualDispatchRequest request) {
        UUID id = QueryParams.pathId("call", callId);
        return manualDispatch.dispatch(callers.current(), id, request.leadUnit().strip(),
                        request.assistingOrEmpty().stream().map(String::strip).toList())
                .chain(created -> caseOf(id));
    }

    @POST
    @Path("calls/{callId}/redispatch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DISPATCHER)
    @Operation(summary = "改派: move the call's live lead task to another unit (the old task is withdrawn)")
    public Uni<CaseView> redispatch(@PathParam("callId") String callId, @NotNull @Valid RedispatchRequest request) {
        UUID id = QueryParams.pathId("call", callId);
        return manualDispatch.redispatch(callers.current(), id, request.leadUnit().strip(),
                        request.assistingOrEmpty().stream().map(String::strip).toList(), request.reason().strip())
                .chain(created -> caseOf(id));
    }

    @GET
    @Path("extensions")
    @RolesAllowed(Roles.DISPATCHER)
    @WithSession
    @Operation(summary = "Pending extension requests (延期申请) your unit or a unit below decides, oldest first")
    public Uni<List<ExtensionView>> extensions() {
        return extensionDecisions.pending(callers.current(), QUEUE_PAGE).map(list -> list.stream().map(views::extension).toList());
    }

    @POST
    @Path("extensions/{requestId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DISPATCHER)
    @Operation(summary = "延期审批: approve (with the requested or an earlier deadline) or refuse an extension request")
    public Uni<ExtensionView> decideExtension(@PathParam("requestId") String requestId, @NotNull @Valid ExtensionDecisionRequest request) {
        UUID id = QueryParams.pathId("extension request", requestId);
        return extensionDecisions.decide(callers.current(), id, request.approved(), request.grantedDeadline(),
                request.comment() == null || request.comment().isBlank() ? null : request.comment().strip()).map(views::extension);
    }

    @POST
    @Path("tasks/{taskId}/suspend")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DISPATCHER)
    @Operation(summary = "挂起: suspend a live task that waits on something outside its unit's control (its resolve clock pauses)")
    public Uni<CaseView> suspend(@PathParam("taskId") String taskId, @NotNull @Valid SuspendRequest request) {
        return suspensions.suspend(callers.current(), QueryParams.pathId("task", taskId), request.reason().strip())
                .chain(task -> caseOf(task.callId));
    }

    @POST
    @Path("tasks/{taskId}/resume")
    @RolesAllowed(Roles.DISPATCHER)
    @Operation(summary = "恢复办理: end a task's suspension (its resolve clock runs again)")
    public Uni<CaseView> resume(@PathParam("taskId") String taskId) {
        return suspensions.resume(callers.current(), QueryParams.pathId("task", taskId)).chain(task -> caseOf(task.callId));
    }

    @GET
    @Path("calls/{callId}")
    @Operation(summary = "A call's dispatch and tasks, for the raiser's path, the handling units and dispatchers above")
    public Uni<CaseView> call(@PathParam("callId") String callId) {
        return caseOf(QueryParams.pathId("call", callId));
    }

    @WithSession
    Uni<CaseView> caseOf(UUID id) {
        Caller caller = callers.current();
        return cases.findById(id).chain(c -> {
            if (c == null) {
                throw ProblemException.notFound("call " + id);
            }
            return tasks.ofCall(id).map(list -> {
                boolean visible = caller.sees(c.raisingUnit)
                        || c.queueUnit != null && caller.sees(c.queueUnit)
                        || list.stream().anyMatch(t -> caller.sees(t.unitPath));
                if (!visible) {
                    throw ProblemException.notFound("call " + id);
                }
                return views.view(c, list);
            });
        });
    }
}
