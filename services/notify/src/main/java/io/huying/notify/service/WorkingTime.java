package io.huying.notify.service;

import java.time.Instant;

/** 工作时间 — when a non-urgent outbound message may go out ({@link CalendarWorkingTime}). */
public interface WorkingTime {

    /** {@code at} itself when it lies in working hours, else the start of the next working session. */
    Instant nextWorkingInstant(Instant at);
}
