package io.huying.intake.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Open311 GeoReport v2 answer, written by {@link Open311Formats} as JSON or XML: a list of items
 * (a JSON array; in XML, {@code <root><item>…</item>…</root>}) or one object (a JSON object; in XML,
 * {@code <root>…</root>}). Field values are text, numbers, booleans, null (JSON {@code null}, an empty
 * XML element) or a {@link Nested} list.
 */
public record Open311Body(String root, String item, List<Map<String, Object>> items, boolean single) {

    /** A list of items under {@code root}, each an {@code item} element in XML. */
    public static Open311Body list(String root, String item, List<Map<String, Object>> items) {
        return new Open311Body(root, item, List.copyOf(items), false);
    }

    /** One object, the {@code root} element in XML. */
    public static Open311Body single(String root, Map<String, Object> fields) {
        return new Open311Body(root, root, List.of(fields), true);
    }

    /** The spec's error list: one error with the HTTP status as its code. */
    public static Open311Body error(int status, String description) {
        return list("errors", "error", List.of(fields("code", status, "description", description)));
    }

    /**
     * A field's list of values: an array in JSON; in XML, an {@code item} element for each entry inside
     * the field's element. Its entries are field maps or plain values.
     */
    public record Nested(String item, List<?> entries) {
    }

    /** Fields in the order given: name, value, name, value, … (values may be null). */
    public static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
