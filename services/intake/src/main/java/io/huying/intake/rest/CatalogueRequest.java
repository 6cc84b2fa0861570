package io.huying.intake.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code PUT /api/categories}: the whole new catalogue (groups, and categories each in its group), the
 * revision it was made from (the one in force, else 409), and why. What the catalogue in force requires — nothing
 * removed, codes after their group — is checked by the service, each fault named by its field ({@code categories[3].code}).
 */
public record CatalogueRequest(
        @NotNull @Min(1) Integer basedOnRevision,
        @Size(max = 500) String note,
        @NotNull @Size(min = 1, max = 100) List<@NotNull @Valid GroupInput> groups,
        @NotNull @Size(min = 1, max = 2000) List<@NotNull @Valid CategoryInput> categories) {

    public record GroupInput(@NotNull @Size(max = 10) String code, @NotNull @Size(max = 50) String name, @Size(max = 100) String nameEn) {
    }

    public record CategoryInput(
            @NotNull @Size(max = 10) String code,
            @NotNull @Size(max = 10) String groupCode,
            @NotNull @Size(max = 100) String name,
            @Size(max = 200) String nameEn,
            @NotNull Boolean active,
            @Size(max = 10) String replacedBy) {
    }
}
