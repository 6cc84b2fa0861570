package io.huying.gateway.rest;

import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** 组织架构 — the org tree, grids included, for pickers and labels in the console. */
@Path("/org")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OrgResource {
    private final OrgUnitView root;

    public OrgResource() {
        this.root = treeOf(OrgTree.load());
    }

    @GET
    public Uni<OrgUnitView> tree() {
        return Uni.createFrom().item(root);
    }

    static OrgUnitView treeOf(OrgTree tree) {
        Map<String, List<OrgUnit>> children = new LinkedHashMap<>();
        OrgUnit top = null;
        for (OrgUnit unit : tree.units()) {
            int slash = unit.path().lastIndexOf('/');
            if (slash == 0) {
                top = unit;
            } else {
                children.computeIfAbsent(unit.path().substring(0, slash), p -> new ArrayList<>()).add(unit);
            }
        }
        if (top == null) {
            throw new IllegalStateException("the org tree has no root unit");
        }
        return build(top, children);
    }

    private static OrgUnitView build(OrgUnit unit, Map<String, List<OrgUnit>> children) {
        List<OrgUnitView> below = children.getOrDefault(unit.path(), List.of()).stream()
                .map(child -> build(child, children))
                .toList();
        return OrgUnitView.of(unit).withChildren(below);
    }
}
