package io.huying.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.UnitLevel;
import io.huying.dispatch.service.RoutingRules;
import io.huying.dispatch.service.RoutingRules.RaiserLevel;
import io.huying.dispatch.service.RoutingRules.Route;
import io.huying.dispatch.service.RoutingRules.Rule;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {
    private final RoutingRules rules = RoutingRules.load();
    private final OrgTree tree = OrgTree.load();

    @Test
    void everyRuleNamesExistingHandlingUnitsInsideItsArea() {
        Set<UnitLevel> handlers = Set.of(UnitLevel.DEPARTMENT, UnitLevel.SECTION);
        for (Rule rule : rules.rules()) {
            assertThat(tree.unit(rule.area())).as(rule.id() + " area").isPresent();
            for (String unit : concat(rule.lead(), rule.assistingOrEmpty())) {
                assertThat(tree.unit(unit)).as(rule.id() + " " + unit).hasValueSatisfying(u -> {
                    assertThat(handlers).contains(u.level());
                    assertThat(unit).startsWith(rule.area() + "/");
                });
            }
        }
    }

    @Test
    void aCommunityCallGoesToItsStreetsSectionAndAStreetCallToADistrictDepartment() {
        assertThat(rules.route("SR-01", "/baiyun/jinsha/fengling", RaiserLevel.COMMUNITY))
                .contains(new Route("JS-COMMUNITY-SR", "/baiyun/jinsha/sections/urban", List.of()));
        assertThat(rules.route("WJ-01", "/baiyun/jinsha", RaiserLevel.STREET))
                .contains(new Route("BY-STREET-WJ", "/baiyun/departments/housing", List.of("/baiyun/departments/urban-management")));
        assertThat(rules.route("SR-01", "/baiyun/songzhou/songbei", RaiserLevel.COMMUNITY)).map(Route::lead)
                .contains("/baiyun/songzhou/sections/urban");
    }

    @Test
    void anExactCategoryCodeBeatsItsGroup() {
        assertThat(rules.route("MD-01", "/baiyun/jinsha/pingle", RaiserLevel.COMMUNITY)).map(Route::ruleId).contains("JS-COMMUNITY-ZA");
        assertThat(rules.route("MD-02", "/baiyun/jinsha/pingle", RaiserLevel.COMMUNITY)).map(Route::ruleId).contains("JS-COMMUNITY-MD-02");
    }

    @Test
    void noRuleMeansTheManualQueue() {
        assertThat(rules.route("MD-03", "/baiyun/jinsha", RaiserLevel.STREET)).isEmpty();
        assertThat(rules.route("XF-01", "/baiyun/songzhou/songbei", RaiserLevel.COMMUNITY)).isEmpty();
    }

    /** 其他事项 (QT-01), the category of a 12345 order whose code has no mapping: a person classifies it, wherever it comes from. */
    @Test
    void noRuleNamesTheCatchAllCategory() {
        for (RaiserLevel level : RaiserLevel.values()) {
            assertThat(rules.route("QT-01", "/baiyun/jinsha", level)).as(level.name()).isEmpty();
            assertThat(rules.route("QT-01", "/baiyun/jinsha/fengling", level)).as(level.name()).isEmpty();
        }
    }

    @Test
    void theRaisingUnitIsNeverMadeAHandler() {
        RoutingRules selfish = new RoutingRules("t", List.of(
                new Rule("SELF", "/baiyun", RaiserLevel.STREET, List.of("SR"), "/baiyun/jinsha", List.of(), 1),
                new Rule("OTHER", "/baiyun", RaiserLevel.STREET, List.of("SR"), "/baiyun/departments/urban-management",
                        List.of("/baiyun/jinsha", "/baiyun/departments/housing"), 2)));
        assertThat(selfish.route("SR-01", "/baiyun/jinsha", RaiserLevel.STREET))
                .contains(new Route("OTHER", "/baiyun/departments/urban-management", List.of("/baiyun/departments/housing")));
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }
}
