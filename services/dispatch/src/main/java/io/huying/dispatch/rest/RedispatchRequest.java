package io.huying.dispatch.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** 改派: the new lead unit (主办), optional further assisting units (协办), and why. */
public record RedispatchRequest(
        @NotBlank @Size(max = 255) String leadUnit,
        @Size(max = 5) List<@NotBlank @Size(max = 255) String> assistingUnits,
        @NotBlank @Size(max = 500) String reason) {

    public List<String> assistingOrEmpty() {
        return assistingUnits == null ? List.of() : assistingUnits;
    }
}
