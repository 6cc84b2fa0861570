package io.huying.intake.mapping;

import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.intake.ReferenceRevision;
import io.huying.intake.RealmGroupsStatus;
import io.huying.intake.rest.OrgTreeRequest;
import io.huying.intake.rest.OrgTreeView;
import io.huying.intake.rest.OrgUnitView;
import io.huying.intake.rest.RealmGroupsView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The org tree's versions into views (the tree the console draws, a version's units), and a request into units. */
public final class OrgTreeViews {
    private OrgTreeViews() {
    }

    /** The tree from its root down, each unit with its children. */
    public static OrgUnitView tree(OrgTree tree) {
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
        List<OrgUnitView> below = children.getOrDefault(unit.path(), List.of()).stream().map(child -> build(child, children)).toList();
        return new OrgUnitView(unit.path(), unit.code(), unit.name(), unit.nameEn(), unit.level().name(), below);
    }

    public static OrgTreeView view(ReferenceRevision<OrgTree> v) {
        return new OrgTreeView(v.revision(), v.document().version(), v.note(), v.changedBy(), v.changedAt(), v.document().units().stream()
                .map(u -> new OrgUnitView(u.path(), u.code(), u.name(), u.nameEn(), u.level().name(), null)).toList());
    }

    public static RealmGroupsView view(int inForce, RealmGroupsStatus s) {
        return new RealmGroupsView(inForce, s.revision(), s.at(), s.created(), s.updated(), s.error());
    }

    /** The request's units; a level that is none of ours is null, which the checks name. */
    public static List<OrgUnit> units(OrgTreeRequest request) {
        return request.units().stream().map(u -> new OrgUnit(strip(u.path()), strip(u.code()), level(u.level()), strip(u.name()),
                strip(u.nameEn()))).toList();
    }

    /** What changed from {@code before} to {@code after}, one line each, for the audit log. */
    public static List<String> changes(OrgTree before, OrgTree after) {
        List<String> lines = new ArrayList<>();
        for (OrgUnit u : after.units()) {
            OrgUnit was = before.unit(u.path()).orElse(null);
            if (was == null) {
                lines.add("+ " + u.path() + " " + u.code() + " " + u.name() + " (" + u.level() + ")");
            } else if (!Objects.equals(was.name(), u.name()) || !Objects.equals(was.nameEn(), u.nameEn())) {
                lines.add(u.path() + ": " + was.name() + " → " + u.name());
            }
        }
        return lines;
    }

    private static UnitLevel level(String name) {
        return name == null ? null : Arrays.stream(UnitLevel.values()).filter(l -> l.name().equals(name.strip())).findFirst().orElse(null);
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
