package io.huying.contracts.calendar;

import java.time.LocalTime;
import java.util.Objects;

/** One block of office hours in a working day, e.g. 08:30–12:00 (上午) or 14:00–17:30 (下午). */
public record WorkingSession(LocalTime start, LocalTime end) {

    public WorkingSession {
        Objects.requireNonNull(start, "session start");
        Objects.requireNonNull(end, "session end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("Session must end after it starts: " + start + "–" + end);
        }
    }
}
