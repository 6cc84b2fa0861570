package io.huying.platform.http;

import io.huying.platform.error.ProblemException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Parses query parameters so that a bad value is a 400 naming the parameter (JAX-RS would
 * answer 404 for a query parameter it cannot convert).
 */
public final class QueryParams {
    private QueryParams() {
    }

    public static int integer(String name, String raw, int defaultValue, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw ProblemException.invalid(name, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(name, "must be a whole number");
        }
    }

    public static LocalDate date(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be a date like 2026-11-27");
        }
    }

    public static <T> T parsed(String name, String raw, Function<String, T> parser) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return parser.apply(raw.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(name, e.getMessage() == null ? "is not a valid value" : e.getMessage());
        }
    }
}
