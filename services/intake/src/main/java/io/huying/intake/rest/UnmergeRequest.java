package io.huying.intake.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/calls/{id}/unmerge} (撤销合并): why the call is no duplicate. */
public record UnmergeRequest(@NotBlank @Size(max = 500) String reason) {
}
