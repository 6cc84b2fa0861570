package io.huying.dispatch.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** 延期审批: approve (optionally granting an earlier deadline than asked) or refuse, with a comment. */
public record ExtensionDecisionRequest(
        @NotNull Boolean approved,
        Instant grantedDeadline,
        @Size(max = 500) String comment) {
}
