package io.huying.intake.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code PUT /api/org}: every unit of the new org tree, the revision it was made from (the one in force, else
 * 409), and why. What the tree in force requires — nothing removed, each unit under a parent of the right level, codes
 * unique and kept — is checked by the service, each fault named by its field ({@code units[12].level}).
 */
public record OrgTreeRequest(
        @NotNull @Min(1) Integer basedOnRevision,
        @Size(max = 500) String note,
        @NotNull @Size(min = 1, max = 5000) List<@NotNull @Valid UnitInput> units) {

    public record UnitInput(
            @NotNull @Size(max = 255) String path,
            @NotNull @Size(max = 20) String code,
            @NotNull @Size(max = 20) String level,
            @NotNull @Size(max = 50) String name,
            @Size(max = 100) String nameEn) {
    }
}
