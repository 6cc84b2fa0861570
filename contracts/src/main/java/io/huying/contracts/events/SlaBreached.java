package io.huying.contracts.events;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.sla.breached.v1}: 超时 — the deadline passed with the clock still running. */
public record SlaBreached(
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
        Instant at) {
}
