package io.huying.platform.http;

import io.huying.platform.error.ProblemException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * Parses query and path parameters so that a bad value is a 400 naming the parameter (JAX-RS would
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

    /** An enum constant by name, case-insensitive; a bad value is a 400 listing the allowed ones. */
    public static <E extends Enum<E>> E enumValue(String name, String raw, Class<E> type) {
        return parsed(name, raw, v -> {
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be one of " + Arrays.toString(type.getEnumConstants()));
            }
        });
    }

    /** A path id: anything that is not a UUID names no object, so it is a 404 like an unknown one. */
    public static UUID pathId(String what, String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(what + " " + raw);
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
