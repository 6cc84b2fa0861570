package io.huying.sla.domain;

import java.util.Locale;

/**
 * A time limit as a policy writes it, e.g. {@code 30 CLOCK_MINUTES} or {@code 5 WORKING_DAYS}; its
 * {@link #toString()} is that text, as the clock-started event carries it.
 */
public record SlaDuration(int amount, Unit unit) {

    /** How an amount is counted. */
    public enum Unit {
        /** 自然分钟 — wall-clock minutes, nights and holidays included. */
        CLOCK_MINUTES(false),
        /** 工作小时 — hours inside the calendar's office sessions. */
        WORKING_HOURS(true),
        /** 工作日 — working days, same working-time position (WorkingCalendar.addWorkingDays). */
        WORKING_DAYS(true),
        /** 自然日 — calendar days, same wall-clock time. */
        CALENDAR_DAYS(false),
        /**
         * 当日办结 — the end of the working day on which the clock starts; of the next working day when it
         * starts after that day's last session has ended or on a day that is not a working day. Amount 1.
         */
        SAME_WORKING_DAY(true);

        private final boolean working;

        Unit(boolean working) {
            this.working = working;
        }

        /** Measured in working time (pauses and warnings count working time), not clock time. */
        public boolean working() {
            return working;
        }
    }

    /** Parses {@code "5 WORKING_DAYS"} (the unit case-insensitive). */
    public static SlaDuration parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a duration is written like '5 WORKING_DAYS', not '" + text + "'");
        }
        try {
            return new SlaDuration(Integer.parseInt(parts[0]), Unit.valueOf(parts[1].toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a duration is written like '5 WORKING_DAYS', not '" + text + "'", e);
        }
    }

    /** Why this duration cannot be used, or null when it can. */
    public String problem() {
        if (unit == null) {
            return "unit must be one of CLOCK_MINUTES, WORKING_HOURS, WORKING_DAYS, CALENDAR_DAYS, SAME_WORKING_DAY";
        }
        if (amount < 1) {
            return "amount must be at least 1";
        }
        if (unit == Unit.SAME_WORKING_DAY && amount != 1) {
            return "amount of SAME_WORKING_DAY must be 1";
        }
        return null;
    }

    @Override
    public String toString() {
        return amount + " " + unit;
    }
}
