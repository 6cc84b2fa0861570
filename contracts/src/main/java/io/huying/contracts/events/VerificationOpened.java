package io.huying.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.verification.opened.v1}: 核查/回访 — the raising unit must verify the result by {@code dueAt}. */
public record VerificationOpened(UUID callId, String number, String raisingUnit, UUID leadTaskId, String handlerUnit, int round,
        String result, Instant openedAt, Instant dueAt) {
}
