package io.huying.intake.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code PUT /api/calls/review/rules}: every category of the caller's street that needs review. */
public record ReviewRulesRequest(@NotNull @Size(max = 200) List<@NotBlank String> categories) {
}
