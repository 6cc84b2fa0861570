package io.huying.intake.rest;

import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.platform.security.Callers;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** 派单目录 — the dispatch catalogue, versioned data shipped with the build. */
@Path("/api/categories")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CategoryResource {
    private final CategoryView view;
    private final Callers callers;

    public CategoryResource(CategoryCatalogue catalogue, Callers callers) {
        this.callers = callers;
        this.view = new CategoryView(catalogue.version(), catalogue.groups().stream()
                .map(g -> new CategoryView.Group(g.code(), g.name(), g.nameEn(), catalogue.categories().stream()
                        .filter(c -> c.groupCode().equals(g.code()))
                        .map(c -> new CategoryView.Entry(c.code(), c.name(), c.nameEn(), c.active(), c.replacedBy()))
                        .toList()))
                .toList());
    }

    @GET
    public CategoryView catalogue() {
        callers.current(); // 三员分立: not for the security or the audit administrator
        return view;
    }
}
