package io.huying.intake.service;

import io.huying.contracts.problem.Violation;
import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.contracts.reference.CategoryGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a new version of the category catalogue must be before it is put in force, each fault named by its field
 * ({@code categories[3].groupCode}): codes well formed and unique, each category in a group of the catalogue and
 * coded after it (SR-07 in SR), names given; nothing in force removed — a category calls were raised with is
 * retired (active false, perhaps replacedBy an active one), a group is kept — and the categories 12345 orders
 * map to still in use.
 */
public final class CatalogueChecks {
    private static final Pattern GROUP = Pattern.compile("^[A-Z]{2}$");
    private static final Pattern CATEGORY = Pattern.compile("^[A-Z]{2}-[0-9]{2}$");

    private CatalogueChecks() {
    }

    /** The faults of {@code groups} and {@code categories} as the version after {@code inForce}; empty when it may be put in force. */
    public static List<Violation> violations(CategoryCatalogue inForce, List<CategoryGroup> groups, List<Category> categories,
            Set<String> keptInUse) {
        List<Violation> faults = new ArrayList<>();
        Set<String> groupCodes = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            CategoryGroup g = groups.get(i);
            String at = "groups[" + i + "]";
            if (g.code() == null || !GROUP.matcher(g.code()).matches()) {
                faults.add(new Violation(at + ".code", "must be two capital letters, like SR"));
            } else if (!groupCodes.add(g.code())) {
                faults.add(new Violation(at + ".code", "group " + g.code() + " is given twice"));
            }
            name(faults, at, g.name(), 50, g.nameEn(), 100);
        }
        Map<String, Category> byCode = new HashMap<>();
        categories.forEach(c -> byCode.putIfAbsent(c.code(), c));
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < categories.size(); i++) {
            Category c = categories.get(i);
            String at = "categories[" + i + "]";
            if (c.code() == null || !CATEGORY.matcher(c.code()).matches()) {
                faults.add(new Violation(at + ".code", "must be a group's code, a hyphen and two digits, like SR-07"));
            } else if (!codes.add(c.code())) {
                faults.add(new Violation(at + ".code", "category " + c.code() + " is given twice"));
            } else if (c.groupCode() != null && !c.code().startsWith(c.groupCode() + "-")) {
                faults.add(new Violation(at + ".code", "a category of group " + c.groupCode() + " is coded " + c.groupCode() + "-nn"));
            }
            if (c.groupCode() == null || !groupCodes.contains(c.groupCode())) {
                faults.add(new Violation(at + ".groupCode", "no group " + c.groupCode() + " in this catalogue"));
            }
            name(faults, at, c.name(), 100, c.nameEn(), 200);
            if (c.replacedBy() != null) {
                Category replacement = byCode.get(c.replacedBy());
                if (c.active()) {
                    faults.add(new Violation(at + ".replacedBy", "only a retired category (active false) is replaced"));
                } else if (replacement == null || !replacement.active() || replacement.code().equals(c.code())) {
                    faults.add(new Violation(at + ".replacedBy", "must be another category of this catalogue that is in use"));
                }
            }
            if (!c.active() && keptInUse.contains(c.code())) {
                faults.add(new Violation(at + ".active", "12345 orders map to " + c.code() + " (huying/hotline-categories.json): it stays in use"));
            }
        }
        for (CategoryGroup g : inForce.groups()) {
            if (!groupCodes.contains(g.code())) {
                faults.add(new Violation("groups", "group " + g.code() + " (" + g.name() + ") of the catalogue in force is missing: a group is kept"));
            }
        }
        for (Category c : inForce.categories()) {
            if (!codes.contains(c.code())) {
                faults.add(new Violation("categories", "category " + c.code() + " (" + c.name() + ") of the catalogue in force is missing: "
                        + "a category calls may carry is retired (active false), never removed"));
            }
        }
        return faults;
    }

    private static void name(List<Violation> faults, String at, String name, int max, String nameEn, int maxEn) {
        if (name == null || name.isBlank() || name.strip().length() > max) {
            faults.add(new Violation(at + ".name", "must be 1 to " + max + " characters"));
        }
        if (nameEn != null && nameEn.length() > maxEn) {
            faults.add(new Violation(at + ".nameEn", "must be at most " + maxEn + " characters"));
        }
    }
}
