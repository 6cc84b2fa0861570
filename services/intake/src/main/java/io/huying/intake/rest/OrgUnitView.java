package io.huying.intake.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A unit of the org tree as the console shows it; {@code children} only in the tree. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrgUnitView(String path, String code, String name, String nameEn, String level, List<OrgUnitView> children) {
}
