package io.huying.contracts.events;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code huying.sla.escalated.v1}: a step of the escalation ladder (催办 → 督办 → 通报), addressed to {@code notifiedUnit}. */
public record SlaEscalated(
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
        Level level,
        String notifiedUnit,
        Instant at) {

    /** The rungs of the ladder. */
    public enum Level {
        /** 催办 — the handling unit is reminded. */
        URGE,
        /** 督办 — the unit's head and the dispatchers' unit supervise. */
        SUPERVISE,
        /** 通报 — reported one level up (street → district). */
        NOTIFY
    }
}
