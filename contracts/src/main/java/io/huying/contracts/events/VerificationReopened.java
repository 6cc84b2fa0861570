package io.huying.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.verification.reopened.v1}: 返工 — not resolved; the call goes back to {@code handlerUnit}. */
public record VerificationReopened(UUID callId, String number, String raisingUnit, UUID leadTaskId, String handlerUnit, int round,
        String satisfaction, String comment, Actor reopenedBy, Instant reopenedAt) {
}
