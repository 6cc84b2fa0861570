package io.huying.intake.rest;

import io.huying.intake.RebuildProgress.State;
import java.time.Instant;
import java.util.UUID;

/**
 * A rebuild of the timeline as it stands: records read from the topics, steps they projected,
 * records some other projection (the live consumer) had applied first, and records that are no
 * readable CloudEvent of a call (left out, as the live consumer dead-letters them).
 */
public record TimelineRebuildView(UUID id, State state, String requestedBy, Instant startedAt, Instant finishedAt,
        long recordsReplayed, long stepsProjected, long alreadyProjected, long unreadable, String error) {
}
