package io.huying.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.verification.closed.v1}: 结案 — verified resolved, or auto-closed when no answer came in time. */
public record VerificationClosed(UUID callId, String number, String raisingUnit, UUID leadTaskId, String handlerUnit, int round,
        String satisfaction, String comment, boolean autoClosed, Actor closedBy, Instant closedAt) {
}
