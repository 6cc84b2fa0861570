package io.huying.intake.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * Body of {@code POST /api/calls/{id}/review} (立项审核): ACCEPT; REJECT with a reason code
 * (NOT_IN_SCOPE 不属受理范围, DUPLICATE 重复, INCOMPLETE 信息不全, HANDLED_ON_SPOT 即时办结) and the reason;
 * or MERGE into another open call of the street.
 */
public record ReviewRequest(
        @NotNull @Pattern(regexp = "ACCEPT|REJECT|MERGE", message = "must be ACCEPT, REJECT or MERGE") String decision,
        @Pattern(regexp = "NOT_IN_SCOPE|DUPLICATE|INCOMPLETE|HANDLED_ON_SPOT",
                message = "must be NOT_IN_SCOPE, DUPLICATE, INCOMPLETE or HANDLED_ON_SPOT") String reasonCode,
        @Size(max = 500) String reason,
        UUID mergeInto) {
}
