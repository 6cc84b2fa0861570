package io.huying.intake.service;

import io.huying.contracts.problem.Violation;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a new version of the org tree must be before it is put in force, each fault named by its field
 * ({@code units[12].level}): paths well formed and unique under one root, the one in force; each unit under a parent
 * in the tree, of a level that parent may hold (区 → 区直部门 → 委办局; 区 → 镇街 → 科室组 → 科室; 镇街 → 村居 → 网格);
 * codes unique (a street's: two to four capital letters, the prefix of its call numbers); names given. Nothing in
 * force removed, and a unit keeps its level and code: calls, tasks, routing rules, SLA figures and the realm's
 * groups name its path, call numbers its street's code. A unit is renamed in place; a new one is added.
 */
public final class OrgTreeChecks {
    private static final Pattern CODE = Pattern.compile("^[A-Z0-9]+(-[A-Z0-9]+)*$");
    private static final Pattern STREET_CODE = Pattern.compile("^[A-Z]{2,4}$");
    private static final Map<UnitLevel, Set<UnitLevel>> UNDER = Map.of(
            UnitLevel.DISTRICT, EnumSet.of(UnitLevel.DEPARTMENT_GROUP, UnitLevel.STREET),
            UnitLevel.DEPARTMENT_GROUP, EnumSet.of(UnitLevel.DEPARTMENT),
            UnitLevel.STREET, EnumSet.of(UnitLevel.SECTION_GROUP, UnitLevel.COMMUNITY),
            UnitLevel.SECTION_GROUP, EnumSet.of(UnitLevel.SECTION),
            UnitLevel.COMMUNITY, EnumSet.of(UnitLevel.GRID));

    private OrgTreeChecks() {
    }

    /** The faults of {@code units} as the version after {@code inForce}; empty when it may be put in force. */
    public static List<Violation> violations(OrgTree inForce, List<OrgUnit> units) {
        List<Violation> faults = new ArrayList<>();
        Map<String, OrgUnit> byPath = new HashMap<>();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < units.size(); i++) {
            OrgUnit u = units.get(i);
            String at = "units[" + i + "]";
            if (u.path() == null || !OrgPath.isWellFormed(u.path())) {
                faults.add(new Violation(at + ".path", "must be a path of lower-case segments, like /baiyun/jinsha/fengling/grid-04"));
            } else if (byPath.putIfAbsent(u.path(), u) != null) {
                faults.add(new Violation(at + ".path", "unit " + u.path() + " is given twice"));
            }
            if (u.level() == null) {
                faults.add(new Violation(at + ".level", "must be one of " + List.of(UnitLevel.values())));
            }
            if (u.code() == null || u.code().length() > 20 || !CODE.matcher(u.code()).matches()) {
                faults.add(new Violation(at + ".code", "must be capital letters and digits in parts joined by '-', at most 20, like JS-FL-04"));
            } else if (u.level() == UnitLevel.STREET && !STREET_CODE.matcher(u.code()).matches()) {
                faults.add(new Violation(at + ".code", "a street's code prefixes its call numbers: two to four capital letters, like JS"));
            } else if (!codes.add(u.code())) {
                faults.add(new Violation(at + ".code", "code " + u.code() + " is given twice"));
            }
            if (u.name() == null || u.name().isBlank()) {
                faults.add(new Violation(at + ".name", "must be given"));
            }
        }
        String root = inForce.units().stream().map(OrgUnit::path).filter(p -> p.lastIndexOf('/') == 0).findFirst().orElse("/");
        for (int i = 0; i < units.size(); i++) {
            OrgUnit u = units.get(i);
            if (u.path() == null || !OrgPath.isWellFormed(u.path()) || byPath.get(u.path()) != u) {
                continue;
            }
            String at = "units[" + i + "]";
            OrgUnit was = inForce.unit(u.path()).orElse(null);
            if (was != null) {
                if (u.level() != null && u.level() != was.level()) {
                    faults.add(new Violation(at + ".level", u.path() + " is a " + was.level() + "; a unit keeps its level (add a new unit instead)"));
                }
                if (u.code() != null && !u.code().equals(was.code())) {
                    faults.add(new Violation(at + ".code", u.path() + " is coded " + was.code() + "; a unit keeps its code"));
                }
                continue;
            }
            int slash = u.path().lastIndexOf('/');
            if (slash == 0) {
                faults.add(new Violation(at + ".path", "the tree has one root, " + root));
                continue;
            }
            OrgUnit parent = byPath.get(u.path().substring(0, slash));
            if (parent == null) {
                faults.add(new Violation(at + ".path", "its parent " + u.path().substring(0, slash) + " is not in the tree"));
            } else if (u.level() != null && parent.level() != null && !UNDER.getOrDefault(parent.level(), Set.of()).contains(u.level())) {
                Set<UnitLevel> allowed = UNDER.getOrDefault(parent.level(), Set.of());
                faults.add(new Violation(at + ".level", "a " + parent.level() + " (" + parent.path() + ") holds "
                        + (allowed.isEmpty() ? "no units" : "only " + allowed) + ", not a " + u.level()));
            }
        }
        for (OrgUnit kept : inForce.units()) {
            if (!byPath.containsKey(kept.path())) {
                faults.add(new Violation("units", kept.path() + " (" + kept.name() + ") is missing: a unit is never removed — calls, tasks and "
                        + "rules name it"));
            }
        }
        return faults;
    }
}
