package io.huying.contracts.calendar;

import java.time.LocalDate;
import java.util.Set;

/**
 * A date falls in a year for which no working calendar is loaded. Raised instead of guessing, because
 * treating an unknown year as "Monday to Friday" would silently ignore its holidays and make-up days.
 */
public class CalendarYearNotLoadedException extends IllegalArgumentException {

    private final LocalDate date;

    public CalendarYearNotLoadedException(LocalDate date, Set<Integer> loadedYears) {
        super("No working calendar loaded for " + date.getYear() + " (needed for " + date
                + "); loaded years: " + loadedYears);
        this.date = date;
    }

    public LocalDate date() {
        return date;
    }
}
