package io.huying.dispatch.rest;

import io.huying.dispatch.mapping.RoutingRuleViews;
import io.huying.dispatch.service.RoutingRuleBook;
import io.huying.platform.audit.AuditTrail;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** 派单规则 managed in the product: the version in force, every earlier one, and an administrator putting a new one in force. */
@Path("/api/dispatch/routing-rules")
@Produces(MediaType.APPLICATION_JSON)
public class RoutingRulesResource {
    private final RoutingRuleBook book;
    private final RoutingRuleViews views;
    private final Callers callers;

    public RoutingRulesResource(RoutingRuleBook book, RoutingRuleViews views, Callers callers) {
        this.book = book;
        this.views = views;
        this.callers = callers;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DISPATCHER, Roles.OPS})
    @Operation(summary = "The routing rules in force (派单规则)")
    public RoutingRulesView inForce() {
        return views.view(book.inForce());
    }

    @GET
    @Path("versions")
    @RolesAllowed({Roles.ADMIN, Roles.DISPATCHER, Roles.OPS})
    @Operation(summary = "Every version of the routing rules, newest first: who put it in force, when, why, and its rules")
    public Uni<List<RoutingRulesView>> versions() {
        return book.history().map(all -> all.stream().map(views::view).toList());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Put a new version of the routing rules in force", description = "The whole rule set, made from the revision in "
            + "force (basedOnRevision; another one is 409). Checked against the org tree and the catalogue before anything is written: "
            + "an unknown unit or category, a lead that is not a department or section within the rule's area, a duplicate id are 400 "
            + "naming the field. Stored as the next revision, audited, announced on huying.tasks; the next accepted call is routed by it.")
    public Uni<RoutingRulesView> replace(@NotNull @Valid RoutingRulesRequest request, RoutingContext routing) {
        RoutingRuleBook.InForce before = book.inForce();
        return book.replace(callers.current(), request.basedOnRevision(), RoutingRuleViews.rules(request), request.note())
                .invoke(after -> AuditTrail.detail(routing, "routing rules revision " + before.revision() + " (" + before.rules().version()
                        + ", " + before.rules().rules().size() + " rules) → revision " + after.revision() + " (" + after.rules().version() + ", "
                        + after.rules().rules().size() + " rules)" + (after.note() == null ? "" : "; " + after.note())))
                .map(views::view);
    }
}
