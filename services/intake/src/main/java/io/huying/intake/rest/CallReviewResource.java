package io.huying.intake.rest;

import io.huying.intake.mapping.CallCommands;
import io.huying.intake.mapping.CallViews;
import io.huying.intake.service.CallReview;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** 立项审核 — the street 综治中心 dispatcher's review of calls in the categories the street reviews. */
@Path("/api/calls")
@RolesAllowed(Roles.DISPATCHER)
@Produces(MediaType.APPLICATION_JSON)
public class CallReviewResource {
    private final CallReview review;
    private final CallViews views;
    private final Callers callers;

    public CallReviewResource(CallReview review, CallViews views, Callers callers) {
        this.review = review;
        this.views = views;
        this.callers = callers;
    }

    @GET
    @Path("review")
    @Operation(summary = "Calls waiting for review (待立项审核) within your unit, oldest first")
    public Uni<CallPage> pending(@Parameter(description = "0-based") @QueryParam("page") String page,
            @Parameter(description = "1 to 100, default 20") @QueryParam("size") String size) {
        Caller caller = callers.current();
        return review.pending(caller, QueryParams.integer("page", page, 0, 0, 100_000), QueryParams.integer("size", size, 20, 1, 100))
                .map(found -> views.page(found, caller));
    }

    @POST
    @Path("{id}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide on a call waiting for review: accept (dispatch proceeds), reject with a reason, or merge into an open call",
            description = "409 when the call no longer waits for review. The decision reaches the raiser's timeline and huying.calls.")
    public Uni<CallView> decide(@PathParam("id") String id, @NotNull @Valid ReviewRequest request) {
        Caller caller = callers.current();
        return review.decide(caller, QueryParams.pathId("call", id), CallCommands.review(request)).map(found -> views.view(found, caller));
    }

    @POST
    @Path("{id}/unmerge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "撤销合并: a wrongly merged call becomes a case of its own and is dispatched", description = "409 unless the call is merged.")
    public Uni<CallView> unmerge(@PathParam("id") String id, @NotNull @Valid UnmergeRequest request) {
        Caller caller = callers.current();
        return review.unmerge(caller, QueryParams.pathId("call", id), request.reason()).map(found -> views.view(found, caller));
    }

    @GET
    @Path("review/rules")
    @Operation(summary = "The categories of your street whose calls wait for review")
    public Uni<ReviewRulesView> rules() {
        return review.scope(callers.current()).map(scope -> new ReviewRulesView(scope.street(), scope.categories()));
    }

    @PUT
    @Path("review/rules")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the categories of your street whose calls wait for review", description = "Replaces the whole set.")
    public Uni<ReviewRulesView> setRules(@NotNull @Valid ReviewRulesRequest request) {
        return review.setScope(callers.current(), request.categories())
                .map(scope -> new ReviewRulesView(scope.street(), scope.categories()));
    }
}
