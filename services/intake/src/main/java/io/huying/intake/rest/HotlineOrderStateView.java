package io.huying.intake.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A 12345 order as it stands: its call, and each step posted back to the 12345 platform (回传) or waiting to be. */
public record HotlineOrderStateView(String orderNo, UUID callId, String callNumber, String lifecycle, String categoryCode, List<Step> callbacks) {

    /**
     * One step: its place in the order's sequence (null until first posted), what and when, and how its
     * delivery went — taken at {@code deliveredAt}, or waiting for {@code nextAttemptAt} after {@code attempts} tries.
     */
    public record Step(Integer sequence, String step, String stepName, Instant occurredAt, String callNumber, String unitPath, String note,
            boolean delivered, Instant deliveredAt, int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError) {
    }
}
