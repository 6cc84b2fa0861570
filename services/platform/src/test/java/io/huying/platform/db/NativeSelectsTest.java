package io.huying.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The unread list parameter goes in a common table expression of its own, first of the statement's {@code with} list. */
class NativeSelectsTest {
    @Test
    void aPlainSelectGetsAWithList() {
        assertThat(NativeSelects.planless("  select 1 from t where a = :a"))
                .isEqualTo("with huying_planless as (select 1 where 1 in (:huying_planless)) select 1 from t where a = :a");
    }

    @Test
    void aWithListGetsOneMoreExpressionFirst() {
        assertThat(NativeSelects.planless("""
                with claimed as (insert into k select 1 returning k)
                select * from claimed"""))
                .isEqualTo("with huying_planless as (select 1 where 1 in (:huying_planless)), claimed as (insert into k select 1 returning k)\n"
                        + "select * from claimed");
        assertThat(NativeSelects.planless("WITH RECURSIVE r(n) as (select 1 union all select n + 1 from r where n < 3) select n from r"))
                .isEqualTo("WITH RECURSIVE huying_planless as (select 1 where 1 in (:huying_planless)), "
                        + "r(n) as (select 1 union all select n + 1 from r where n < 3) select n from r");
    }

    @Test
    void aColumnNamedWithIsNoWithList() {
        assertThat(NativeSelects.planless("select with_vat from t"))
                .startsWith("with huying_planless as (select 1 where 1 in (:huying_planless)) select with_vat");
    }
}
