package io.huying.intake;

import java.time.Instant;
import java.util.UUID;

/**
 * How a rebuild of the timeline stands: records read from the topics, steps they projected, records
 * some other projection (the live consumer) had applied first, and records that are no readable
 * CloudEvent of a call (left out, as the live consumer dead-letters them).
 */
public record RebuildProgress(UUID id, State state, String requestedBy, Instant startedAt, Instant finishedAt,
        long recordsReplayed, long stepsProjected, long alreadyProjected, long unreadable, String error) {

    public enum State {
        RUNNING, DONE, FAILED
    }
}
