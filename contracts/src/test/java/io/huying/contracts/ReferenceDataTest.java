package io.huying.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.contracts.reference.CategoryGroup;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReferenceDataTest {
    private final OrgTree tree = OrgTree.load();
    private final CategoryCatalogue catalogue = CategoryCatalogue.load();

    @Test
    void theKeycloakRealmGroupsAreExactlyTheOrgTree() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(Path.of("../deploy/keycloak/huying-realm.json").toFile());
        Set<String> groupPaths = new TreeSet<>();
        collect(realm.get("groups"), "", groupPaths);
        Set<String> unitPaths = tree.units().stream().map(OrgUnit::path).collect(Collectors.toCollection(TreeSet::new));
        assertThat(groupPaths).isEqualTo(unitPaths);
    }

    @Test
    void everyUnitHasItsParentInTheTreeAndEveryCommunityLiesInAStreet() {
        for (OrgUnit unit : tree.units()) {
            String path = unit.path();
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                assertThat(tree.unit(path.substring(0, slash))).as("parent of " + path).isPresent();
            }
        }
        assertThat(tree.streetOf("/baiyun/jinsha/fengling/grid-03")).map(OrgUnit::code).contains("JS");
        assertThat(tree.streetOf("/baiyun/departments/housing")).isEmpty();
    }

    @Test
    void pathVisibilityIsAPrefixRuleOnWholeSegments() {
        OrgPath jinsha = OrgPath.of("/baiyun/jinsha");
        assertThat(jinsha.covers("/baiyun/jinsha/fengling")).isTrue();
        assertThat(jinsha.covers("/baiyun/jinsha")).isTrue();
        assertThat(jinsha.covers("/baiyun/jinshax")).isFalse();
        assertThat(jinsha.covers("/baiyun")).isFalse();
        assertThat(OrgPath.isWellFormed("/baiyun/../x")).isFalse();
        assertThat(OrgPath.of("/baiyun/jinsha/fengling/grid-01").ancestorAt(2)).isEqualTo(jinsha);
    }

    @Test
    void theCatalogueCoversTheNineAreasWithAtLeastTwentyCategories() {
        assertThat(catalogue.categories()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(catalogue.groups()).extracting(CategoryGroup::name)
                .contains("市容环境", "违法建设", "环境卫生", "治安隐患", "消防安全", "矛盾纠纷", "公共设施", "噪音扰民", "食品安全");
        Set<String> groups = catalogue.groups().stream().map(CategoryGroup::code).collect(Collectors.toSet());
        for (Category c : catalogue.categories()) {
            assertThat(groups).as(c.code()).contains(c.groupCode());
            assertThat(c.code()).matches("[A-Z]{2}-[0-9]{2}").startsWith(c.groupCode());
            assertThat(c.name()).isNotBlank();
            assertThat(c.nameEn()).isNotBlank();
            if (c.replacedBy() != null) {
                assertThat(catalogue.find(c.replacedBy())).map(Category::active).contains(true);
            }
        }
        assertThat(catalogue.categories()).anyMatch(c -> !c.active());
    }

    private static void collect(JsonNode groups, String prefix, Set<String> into) {
        if (groups == null) {
            return;
        }
        for (JsonNode group : groups) {
            String path = prefix + "/" + group.get("name").asText();
            into.add(path);
            collect(group.get("subGroups"), path, into);
        }
    }
}
