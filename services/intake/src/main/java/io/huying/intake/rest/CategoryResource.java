package io.huying.intake.rest;

import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.intake.ReferenceRevision;
import io.huying.intake.mapping.CatalogueViews;
import io.huying.intake.service.CatalogueBook;
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

/** 派单目录 — the dispatch catalogue in force, every earlier version, and an administrator putting a new one in force. */
@Path("/api/categories")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CategoryResource {
    private final CatalogueBook book;
    private final Callers callers;

    public CategoryResource(CatalogueBook book, Callers callers) {
        this.book = book;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "The category catalogue in force (派单目录)")
    public CategoryView catalogue() {
        callers.current(); // 三员分立: not for the security or the audit administrator
        return CatalogueViews.view(book.current());
    }

    @GET
    @Path("versions")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Every version of the catalogue, newest first: who put it in force, when, why, and its categories")
    public Uni<List<CategoryView>> versions() {
        return book.history().map(all -> all.stream().map(CatalogueViews::view).toList());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Put a new version of the catalogue in force", description = "The whole catalogue, made from the revision in force "
            + "(basedOnRevision; another one is 409). Checked before anything is written: codes well formed and unique, each category in a "
            + "group and coded after it, names given, nothing in force removed (a category is retired: active false), the categories 12345 "
            + "orders map to kept in use — 400 naming the field. Stored as the next revision, audited, announced on huying.reference; every "
            + "service takes it without a restart.")
    public Uni<CategoryView> replace(@NotNull @Valid CatalogueRequest request, RoutingContext routing) {
        ReferenceRevision<CategoryCatalogue> before = book.current();
        return book.replace(callers.current(), request.basedOnRevision(), CatalogueViews.groups(request), CatalogueViews.categories(request),
                        request.note())
                .invoke(after -> AuditTrail.detail(routing, "catalogue revision " + before.revision() + " (" + before.document().version()
                        + ") → revision " + after.revision() + " (" + after.document().version() + ")" + (after.note() == null ? "" : "; "
                        + after.note()) + changes(before, after)))
                .map(CatalogueViews::view);
    }

    private static String changes(ReferenceRevision<CategoryCatalogue> before, ReferenceRevision<CategoryCatalogue> after) {
        List<String> lines = CatalogueViews.changes(before.document(), after.document());
        return lines.isEmpty() ? "" : ": " + String.join("; ", lines);
    }
}
