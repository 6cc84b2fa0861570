package io.huying.notify.service;

import java.time.Instant;

/**
 * 工作时间 — when a non-urgent outbound message may go out. The weekly window
 * ({@link WeeklyWorkingHours}) stands in for the SLA engine's working calendar (调休 make-up days,
 * statutory holidays), which can replace it behind this interface once it is shared.
 */
public interface WorkingTime {

    /** {@code at} itself when it lies in working hours, else the start of the next working session. */
    Instant nextWorkingInstant(Instant at);
}
