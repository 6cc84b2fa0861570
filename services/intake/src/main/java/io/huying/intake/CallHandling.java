package io.huying.intake;

import java.time.Instant;
import java.util.UUID;

/**
 * Who leads a call (the unit of its latest lead task, 主办) and by when (that task's resolve deadline,
 * 办结时限), and when its timeline last moved; null where nothing is known yet.
 */
public record CallHandling(UUID callId, String leadUnitPath, Instant expectedAt, Instant updatedAt) {
}
