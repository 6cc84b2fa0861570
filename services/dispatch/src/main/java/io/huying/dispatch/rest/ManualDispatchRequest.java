package io.huying.dispatch.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** 人工派遣: the lead unit (主办) and optional assisting units (协办). */
public record ManualDispatchRequest(
        @NotBlank @Size(max = 255) String leadUnit,
        @Size(max = 5) List<@NotBlank @Size(max = 255) String> assistingUnits) {

    public List<String> assistingOrEmpty() {
        return assistingUnits == null ? List.of() : assistingUnits;
    }
}
