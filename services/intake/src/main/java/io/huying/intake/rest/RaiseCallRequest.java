package io.huying.intake.rest;

import io.huying.contracts.Channel;
import io.huying.contracts.RequestType;
import io.huying.contracts.Urgency;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /api/calls}. The raising unit is never part of it: it is the caller's
 * org unit, taken from the token.
 */
public record RaiseCallRequest(
        @NotBlank @Pattern(regexp = "[A-Z]{2}-[0-9]{2}", message = "must be a catalogue code like SR-01") String categoryCode,
        @NotNull Urgency urgency,
        @NotNull RequestType requestType,
        @NotBlank @Size(max = 200) String title,
        @NotBlank @Size(max = 4000) String description,
        @NotNull @Valid LocationInput location,
        @Valid ReporterInput reporter,
        @Size(max = 9) List<@NotBlank @Size(max = 2000)
                @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String> attachments,
        @NotNull Channel channel,
        @Size(max = 9, message = "at most 9 files") List<@NotNull UUID> files) {

    /** Where the matter is. */
    public record LocationInput(
            @NotBlank @Size(max = 300) String address,
            @NotBlank @Size(max = 255) String gridPath,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    /** The resident who reported it (optional; personal data). */
    public record ReporterInput(
            @Size(max = 50) String name,
            @Pattern(regexp = "1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}",
                    message = "must be a mainland mobile (11 digits) or landline number") String phone) {
    }

    public List<String> attachmentsOrEmpty() {
        return attachments == null ? List.of() : attachments;
    }

    /** Ids of uploads ({@code POST /api/calls/attachments}) to bind to the call (附件). */
    public List<UUID> filesOrEmpty() {
        return files == null ? List.of() : files;
    }
}
