package io.huying.contracts.events;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Data of {@code huying.sla.deadline-changed.v1}: 时限变更 — a running clock's deadline moved. */
public record SlaDeadlineChanged(
        UUID clockId,
        UUID callId,
        String number,
        UUID taskId,
        ClockKind clock,
        String unitPath,
        String categoryCode,
        Urgency urgency,
        Instant deadline,
        Instant previousDeadline,
        String policyVersion,
        String calendarVersion,
        Reason reason,
        /** When the warnings fall due for the new deadline. */
        List<Instant> warningsAt,
        Instant at) {

    /** Why it moved. */
    public enum Reason {
        /** 延期 — an approved extension. */
        EXTENDED,
        /** 挂起 ended: the paused time moves the deadline later. */
        RESUMED,
        /** A new policy or calendar. */
        RECOMPUTED
    }
}
