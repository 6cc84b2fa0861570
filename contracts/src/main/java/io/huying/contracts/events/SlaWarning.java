package io.huying.contracts.events;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.sla.warning.v1}: 预警 — {@code threshold} per cent of the clock's time is used up. */
public record SlaWarning(
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
        int threshold,
        Instant at) {
}
