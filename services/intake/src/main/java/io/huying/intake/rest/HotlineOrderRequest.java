package io.huying.intake.rest;

import io.huying.contracts.RequestType;
import io.huying.contracts.Urgency;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /api/integrations/12345/orders}: a work order as the 12345 platform forwards it. The
 * order number is the external id and the idempotency key; {@code categoryCode} is the platform's own
 * (诉求分类), mapped to the catalogue; {@code gridCode} the 网格编码 the address was located in.
 */
public record HotlineOrderRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_-]{3,63}", message = "must be 4 to 64 letters, digits, '-' or '_'") String orderNo,
        @NotBlank @Size(max = 40) String categoryCode,
        @NotNull Urgency urgency,
        @NotNull RequestType requestType,
        @Size(max = 200) String title,
        @NotBlank @Size(max = 4000) String description,
        @NotBlank @Size(max = 300) String address,
        @NotBlank @Size(max = 40) String gridCode,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude,
        @Size(max = 50) String callerName,
        @Pattern(regexp = "1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}",
                message = "must be a mainland mobile (11 digits) or landline number") String callerPhone,
        @Size(max = 9) List<@NotBlank @Size(max = 2000)
                @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String> attachments) {
}
