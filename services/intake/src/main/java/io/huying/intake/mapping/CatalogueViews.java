package io.huying.intake.mapping;

import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.contracts.reference.CategoryGroup;
import io.huying.intake.ReferenceRevision;
import io.huying.intake.rest.CatalogueRequest;
import io.huying.intake.rest.CategoryView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The catalogue's versions into views, and an administrator's request into groups and categories. */
public final class CatalogueViews {
    private CatalogueViews() {
    }

    public static CategoryView view(ReferenceRevision<CategoryCatalogue> v) {
        CategoryCatalogue c = v.document();
        return new CategoryView(v.revision(), c.version(), v.note(), v.changedBy(), v.changedAt(), c.groups().stream()
                .map(g -> new CategoryView.Group(g.code(), g.name(), g.nameEn(), c.categories().stream()
                        .filter(e -> e.groupCode().equals(g.code()))
                        .map(e -> new CategoryView.Entry(e.code(), e.name(), e.nameEn(), e.active(), e.replacedBy()))
                        .toList()))
                .toList());
    }

    public static List<CategoryGroup> groups(CatalogueRequest request) {
        return request.groups().stream().map(g -> new CategoryGroup(strip(g.code()), strip(g.name()), strip(g.nameEn()))).toList();
    }

    public static List<Category> categories(CatalogueRequest request) {
        return request.categories().stream().map(c -> new Category(strip(c.code()), strip(c.groupCode()), strip(c.name()), strip(c.nameEn()),
                c.active(), strip(c.replacedBy()))).toList();
    }

    /** What changed from {@code before} to {@code after}, one line each, for the audit log. */
    public static List<String> changes(CategoryCatalogue before, CategoryCatalogue after) {
        List<String> lines = new ArrayList<>();
        for (CategoryGroup g : after.groups()) {
            CategoryGroup was = before.groups().stream().filter(b -> b.code().equals(g.code())).findFirst().orElse(null);
            if (was == null) {
                lines.add("+ group " + g.code() + " " + g.name());
            } else if (!was.equals(g)) {
                lines.add("group " + g.code() + ": " + was.name() + " → " + g.name());
            }
        }
        for (Category c : after.categories()) {
            Category was = before.find(c.code()).orElse(null);
            if (was == null) {
                lines.add("+ " + c.code() + " " + c.name() + (c.active() ? "" : " (retired)"));
                continue;
            }
            if (!Objects.equals(was.name(), c.name()) || !Objects.equals(was.nameEn(), c.nameEn())) {
                lines.add(c.code() + ": " + was.name() + " → " + c.name());
            }
            if (was.active() && !c.active()) {
                lines.add(c.code() + " retired" + (c.replacedBy() == null ? "" : ", replaced by " + c.replacedBy()));
            } else if (!was.active() && c.active()) {
                lines.add(c.code() + " back in use");
            } else if (!c.active() && !Objects.equals(was.replacedBy(), c.replacedBy())) {
                lines.add(c.code() + " replaced by " + c.replacedBy());
            }
        }
        return lines;
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
