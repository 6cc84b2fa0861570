package io.huying.intake.rest;

import io.huying.contracts.reference.OrgTree;
import io.huying.intake.ReferenceRevision;
import io.huying.intake.mapping.OrgTreeViews;
import io.huying.intake.service.OrgTreeBook;
import io.huying.intake.service.RealmGroups;
import io.huying.platform.audit.AuditTrail;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.quarkus.security.Authenticated;
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

/** 组织架构 — the org tree in force (grids included), every earlier version, and an administrator putting a new one in force. */
@Path("/api/org")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OrgResource {
    private final OrgTreeBook book;
    private final RealmGroups realm;
    private final Callers callers;

    public OrgResource(OrgTreeBook book, RealmGroups realm, Callers callers) {
        this.book = book;
        this.realm = realm;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "The org tree in force, from its root down (组织架构): for pickers and labels")
    public OrgUnitView tree() {
        return OrgTreeViews.tree(book.current().document());
    }

    @GET
    @Path("versions")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Every version of the org tree, newest first: who put it in force, when, why, and its units")
    public Uni<List<OrgTreeView>> versions() {
        return book.history().map(all -> all.stream().map(OrgTreeViews::view).toList());
    }

    @GET
    @Path("realm-groups")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Whether the Keycloak realm's groups are in step with the org tree in force, as this instance last saw")
    public RealmGroupsView realmGroups() {
        return OrgTreeViews.view(book.current().revision(), realm.status());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Put a new version of the org tree in force", description = "Every unit, made from the revision in force "
            + "(basedOnRevision; another one is 409). Checked before anything is written: paths well formed and unique under the one "
            + "root, each new unit under a parent of a level that may hold it, codes unique (a street's two to four capital letters), "
            + "names given, nothing in force removed and no unit's level or code changed — 400 naming the field. Stored as the next "
            + "revision, audited, announced on huying.reference; every service takes it without a restart, and the Keycloak realm's "
            + "groups are brought in step (GET /api/org/realm-groups).")
    public Uni<OrgTreeView> replace(@NotNull @Valid OrgTreeRequest request, RoutingContext routing) {
        ReferenceRevision<OrgTree> before = book.current();
        return book.replace(callers.current(), request.basedOnRevision(), OrgTreeViews.units(request), request.note())
                .invoke(after -> AuditTrail.detail(routing, "org tree revision " + before.revision() + " (" + before.document().version()
                        + ") → revision " + after.revision() + " (" + after.document().version() + ")" + (after.note() == null ? "" : "; "
                        + after.note()) + changes(before, after)))
                .map(OrgTreeViews::view);
    }

    private static String changes(ReferenceRevision<OrgTree> before, ReferenceRevision<OrgTree> after) {
        List<String> lines = OrgTreeViews.changes(before.document(), after.document());
        return lines.isEmpty() ? "" : ": " + String.join("; ", lines);
    }
}
