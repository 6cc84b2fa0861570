package io.huying.contracts.events;

import io.huying.contracts.calendar.CalendarYear;
import java.time.Instant;

/**
 * Data of {@code huying.sla.calendar-activated.v1}: 工作日历生效 — from {@code at} on, {@code calendar} is the
 * working calendar of its year (holidays, 调休 make-up workdays, office-hour sessions), replacing the
 * shipped or provisional one. Subject and key: {@link SlaCalendarProvisional#SUBJECT}.
 */
public record SlaCalendarActivated(CalendarYear calendar, Instant at) {
}
