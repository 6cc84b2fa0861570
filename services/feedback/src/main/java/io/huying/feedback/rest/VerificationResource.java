package io.huying.feedback.rest;

import io.huying.feedback.Verification;
import io.huying.feedback.mapping.VerificationViews;
import io.huying.feedback.service.Verifications;
import io.huying.platform.http.QueryParams;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** 核查/回访 — the raising unit verifies the result of its calls. */
@Path("/api/verifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class VerificationResource {
    private final Verifications verifications;
    private final VerificationViews views;
    private final Callers callers;

    public VerificationResource(Verifications verifications, VerificationViews views, Callers callers) {
        this.verifications = verifications;
        this.views = views;
        this.callers = callers;
    }

    @GET
    @WithSession
    @Operation(summary = "Verifications of calls raised by your unit or below, soonest due first, each with the lead task's result, "
            + "who completed it and when, and its evidence (URLs and files)")
    public Uni<List<VerificationView>> list(@QueryParam("status") String status) {
        Verification.Status s = QueryParams.enumValue("status", status, Verification.Status.class);
        return verifications.ofRaisers(callers.current(), s).map(list -> list.stream().map(views::view).toList());
    }

    @POST
    @Path("{callId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMUNITY_OFFICE, Roles.STREET_OFFICE})
    @Operation(summary = "Verify a call's result: resolved closes it (结案), not resolved sends it back (返工)")
    public Uni<VerificationView> verify(@PathParam("callId") String callId, @NotNull @Valid VerificationRequest request) {
        return verifications.verify(callers.current(), QueryParams.pathId("verification of call", callId), request.resolved(), request.satisfaction(),
                request.comment() == null ? null : request.comment().strip()).map(views::view);
    }
}
