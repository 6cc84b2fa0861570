package io.huying.sla;

import io.huying.contracts.calendar.CalendarYear;
import java.util.List;

/** A year's active working calendar (工作日历; null when none is active) and its stored versions, newest first. */
public record CalendarHistory(int year, CalendarYear active, List<CalendarVersion> versions) {
}
