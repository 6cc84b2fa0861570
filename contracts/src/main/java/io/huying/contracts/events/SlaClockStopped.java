package io.huying.contracts.events;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.sla.clock-stopped.v1}: 时限结束 — the clock stopped, met or breached. */
public record SlaClockStopped(
        UUID clockId,
        UUID callId,
        String number,
        UUID taskId,
        ClockKind clock,
        String unitPath,
        String categoryCode,
        Urgency urgency,
        Instant deadline,
        String policyVersion,
        String calendarVersion,
        Outcome outcome,
        Instant stoppedAt,
        /** The lifecycle event type that stopped it, e.g. {@code huying.task.acknowledged.v1}. */
        String reason) {

    /** 按期 or 超期. */
    public enum Outcome {
        MET, BREACHED
    }
}
