package io.huying.contracts.calendar;

import java.time.LocalDate;
import java.util.Objects;

/** 法定节假日 — a statutory holiday period, both ends inclusive, as the State Council notice lists it. */
public record HolidayPeriod(String name, LocalDate from, LocalDate to) {

    public HolidayPeriod {
        Objects.requireNonNull(from, "holiday start");
        Objects.requireNonNull(to, "holiday end");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Holiday " + name + " ends before it starts: " + from + ".." + to);
        }
    }
}
