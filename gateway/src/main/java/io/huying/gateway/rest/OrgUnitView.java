package io.huying.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.contracts.reference.OrgUnit;
import java.util.List;

/** A unit of the org tree as {@code GET /api/me} names the caller's units. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrgUnitView(String path, String name, String nameEn, String level, List<OrgUnitView> children) {

    public static OrgUnitView of(OrgUnit unit) {
        return new OrgUnitView(unit.path(), unit.name(), unit.nameEn(), unit.level().name(), null);
    }
}
