package io.huying.contracts;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses the bilingual enums of the domain: the English code or the Chinese term, nothing else. */
final class Vocabulary {
    private Vocabulary() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, Function<E, String> chinese) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(trimmed) || chinese.apply(e).equals(trimmed)) {
                return e;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name() + "/" + chinese.apply(e))
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("must be one of " + allowed);
    }
}
