package io.huying.dispatch.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.dispatch.ExtensionRequest;
import java.time.Instant;
import java.util.UUID;

/** An extension request (延期申请) and, once made, its decision. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExtensionView(UUID id, UUID taskId, UUID callId, String unitPath, String dispatchUnit, Instant requestedDeadline,
        String reason, String requestedBy, Instant requestedAt, ExtensionRequest.State state, Instant grantedDeadline, String comment,
        String decidedBy, Instant decidedAt) {
}
