package io.huying.dispatch.service;

import io.huying.contracts.problem.Violation;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.dispatch.service.RoutingRules.Rule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What makes a rule set fit to be put in force, checked against the org tree and the catalogue: ids
 * unique; the area a unit; categories codes or groups of the catalogue; the lead and assisting units
 * handling units (部门, 科室) within the area, the lead not also assisting; a priority from 1 to 1000.
 * Every fault is named by its field ({@code rules[3].lead}).
 */
public final class RoutingRuleChecks {
    private static final Set<UnitLevel> HANDLERS = Set.of(UnitLevel.DEPARTMENT, UnitLevel.SECTION);

    private RoutingRuleChecks() {
    }

    public static List<Violation> violations(List<Rule> rules, OrgTree orgTree, CategoryCatalogue catalogue) {
        List<Violation> found = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String at = "rules[" + i + "].";
            if (r.id() == null || !r.id().matches("[A-Z0-9][A-Z0-9-]{0,59}")) {
                found.add(new Violation(at + "id", "must be 1 to 60 capital letters, digits or '-'"));
            } else if (!ids.add(r.id())) {
                found.add(new Violation(at + "id", "rule " + r.id() + " is there twice"));
            }
            Optional<OrgUnit> area = r.area() == null ? Optional.empty() : orgTree.unit(r.area());
            if (area.isEmpty()) {
                found.add(new Violation(at + "area", "no unit " + r.area() + " in org tree " + orgTree.version()));
            }
            if (r.raisedBy() == null) {
                found.add(new Violation(at + "raisedBy", "must be COMMUNITY or STREET"));
            }
            if (r.categories() == null || r.categories().isEmpty()) {
                found.add(new Violation(at + "categories", "must name at least one category or group"));
            } else {
                for (int c = 0; c < r.categories().size(); c++) {
                    String code = r.categories().get(c);
                    boolean known = code != null && (catalogue.find(code).isPresent()
                            || catalogue.groups().stream().anyMatch(g -> g.code().equals(code)));
                    if (!known) {
                        found.add(new Violation(at + "categories[" + c + "]", "no category or group " + code + " in catalogue " + catalogue.version()));
                    }
                }
            }
            handler(found, at + "lead", r.lead(), r.area(), orgTree);
            List<String> assisting = r.assistingOrEmpty();
            for (int a = 0; a < assisting.size(); a++) {
                handler(found, at + "assisting[" + a + "]", assisting.get(a), r.area(), orgTree);
                if (assisting.get(a) != null && assisting.get(a).equals(r.lead())) {
                    found.add(new Violation(at + "assisting[" + a + "]", "the lead unit cannot also assist"));
                }
            }
            if (r.priority() < 1 || r.priority() > 1000) {
                found.add(new Violation(at + "priority", "must be from 1 to 1000"));
            }
        }
        return found;
    }

    private static void handler(List<Violation> found, String field, String path, String area, OrgTree orgTree) {
        Optional<OrgUnit> unit = path == null ? Optional.empty() : orgTree.unit(path);
        if (unit.isEmpty()) {
            found.add(new Violation(field, "no unit " + path + " in org tree " + orgTree.version()));
        } else if (!HANDLERS.contains(unit.get().level())) {
            found.add(new Violation(field, unit.get().name() + " is not a department or section (部门, 科室)"));
        } else if (area != null && OrgPath.isWellFormed(area) && !OrgPath.of(area).covers(path)) {
            found.add(new Violation(field, unit.get().name() + " lies outside the rule's area " + area));
        }
    }
}
