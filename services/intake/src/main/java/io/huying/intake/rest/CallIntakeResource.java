package io.huying.intake.rest;

import io.huying.contracts.Urgency;
import io.huying.intake.CallLifecycle;
import io.huying.intake.mapping.CallCommands;
import io.huying.intake.mapping.CallViews;
import io.huying.intake.service.CallIntake;
import io.huying.intake.service.CallQueries;
import io.huying.platform.audit.AuditTrail;
import io.huying.platform.error.ProblemException;
import io.huying.platform.http.QueryParams;
import io.huying.platform.idempotency.IdempotencyKeys;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.huying.platform.security.RevealRequest;
import io.huying.platform.security.RevealedReporter;
import io.huying.platform.security.Roles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** 呼叫 — raise a call and follow it. */
@Path("/api/calls")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CallIntakeResource {
    private final CallIntake intake;
    private final CallQueries queries;
    private final Callers callers;
    private final Clock clock;
    private final CallViews views;

    public CallIntakeResource(CallIntake intake, CallQueries queries, Callers callers, Clock clock, CallViews views) {
        this.intake = intake;
        this.queries = queries;
        this.callers = callers;
        this.clock = clock;
        this.views = views;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMUNITY_OFFICE, Roles.STREET_OFFICE, Roles.GRID_WORKER, Roles.PATROL})
    @Operation(summary = "Raise a call (呼叫)", description = "The raising unit is the caller's org unit (a grid worker's: the "
            + "community of their grids; they raise in their own grids through GRID_INSPECTION, patrol volunteers through PATROL). "
            + "The call ends ACCEPTED (立项), MERGED into an open duplicate, or REJECTED. "
            + "A retry with the same Idempotency-Key and body returns the original result.")
    public Uni<Response> raise(
            @Parameter(description = "Makes retries safe: same key and body → same call") @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @NotNull @Valid RaiseCallRequest request, RoutingContext routing) {
        // A stored call's audit entry is written with it (one commit less); a replay or a refusal is left to the filter.
        return intake.raise(callers.current(), CallCommands.raise(request), idempotencyKey, AuditTrail.entry(routing, 201))
                .invoke(result -> {
                    if (result.audited()) {
                        AuditTrail.written(routing, result.status());
                    }
                })
                .map(result -> Response.status(result.status())
                        .location(URI.create(result.location()))
                        .type(MediaType.APPLICATION_JSON)
                        .entity(result.body())
                        .build());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A call, if it lies within your unit's path")
    public Uni<CallView> get(@PathParam("id") String id) {
        Caller caller = callers.current();
        return queries.get(caller, QueryParams.pathId("call", id)).map(found -> views.view(found, caller));
    }

    @POST
    @Path("{id}/reporter/reveal")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMUNITY_OFFICE, Roles.STREET_OFFICE})
    @Operation(summary = "查看完整号码: the reporter's phone number in full, for the raising unit, with a reason",
            description = "The phone number is masked in every view; revealing it needs a reason, which the operation audit log keeps "
                    + "with who revealed it and when.")
    public Uni<RevealedReporter> revealReporter(@PathParam("id") String id, @NotNull @Valid RevealRequest request, RoutingContext routing) {
        AuditTrail.detail(routing, "reveal reporter phone; reason: " + request.reason());
        return queries.revealReporter(callers.current(), QueryParams.pathId("call", id), clock.instant());
    }

    @GET
    @Operation(summary = "Calls raised within your unit's path, newest first (a grid worker's or patrol volunteer's: those they raised)")
    public Uni<CallPage> list(
            @QueryParam("status") String status,
            @QueryParam("category") String category,
            @QueryParam("urgency") String urgency,
            @Parameter(description = "first day, inclusive (YYYY-MM-DD)") @QueryParam("raisedFrom") String raisedFrom,
            @Parameter(description = "last day, inclusive (YYYY-MM-DD)") @QueryParam("raisedTo") String raisedTo,
            @Parameter(description = "0-based") @QueryParam("page") String page,
            @Parameter(description = "1 to 100, default 20") @QueryParam("size") String size) {
        LocalDate from = QueryParams.date("raisedFrom", raisedFrom);
        LocalDate to = QueryParams.date("raisedTo", raisedTo);
        if (from != null && to != null && to.isBefore(from)) {
            throw ProblemException.invalid("raisedTo", "must not be before raisedFrom");
        }
        var criteria = new CallQueries.Criteria(
                QueryParams.enumValue("status", status, CallLifecycle.class),
                category == null || category.isBlank() ? null : category.trim(),
                QueryParams.parsed("urgency", urgency, Urgency::parse),
                from, to,
                QueryParams.integer("page", page, 0, 0, 100_000),
                QueryParams.integer("size", size, 20, 1, 100));
        Caller caller = callers.current();
        return queries.list(caller, criteria).map(found -> views.page(found, caller));
    }


}
