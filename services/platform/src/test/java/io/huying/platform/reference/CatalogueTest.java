package io.huying.platform.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryCatalogue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalogue in force takes a version only if it was put in force later: late or repeated announcements change nothing. */
class CatalogueTest {
    private final CategoryCatalogue shipped = CategoryCatalogue.load();

    @Test
    void aLaterVersionIsTakenAnEarlierOrRepeatedOneIsNot() {
        Catalogue catalogue = new Catalogue();
        assertThat(catalogue.inForce().revision()).isEqualTo(1);
        assertThat(catalogue.current().find("QT-98")).isEmpty();

        Instant t = Instant.parse("2026-12-04T09:00:00Z");
        assertThat(catalogue.take(new HeldReference.Version<>(3, t, with("QT-98")))).isTrue();
        assertThat(catalogue.current().find("QT-98")).isPresent();
        // Revision 2, announced late: put in force before revision 3.
        assertThat(catalogue.take(new HeldReference.Version<>(2, t.minusSeconds(60), with("QT-97")))).isFalse();
        // Revision 3 again (redelivered).
        assertThat(catalogue.take(new HeldReference.Version<>(3, t, with("QT-96")))).isFalse();
        assertThat(catalogue.current().find("QT-97")).isEmpty();
        assertThat(catalogue.current().find("QT-96")).isEmpty();
        // Put in force in the same instant, a higher revision wins.
        assertThat(catalogue.take(new HeldReference.Version<>(4, t, with("QT-95")))).isTrue();
        assertThat(catalogue.inForce().revision()).isEqualTo(4);
    }

    private CategoryCatalogue with(String code) {
        List<Category> categories = new ArrayList<>(shipped.categories());
        categories.add(new Category(code, "QT", "测试事项 " + code, null, true, null));
        return CategoryCatalogue.of(shipped.version() + "-test", shipped.groups(), categories);
    }
}
