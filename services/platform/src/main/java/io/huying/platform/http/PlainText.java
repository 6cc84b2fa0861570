package io.huying.platform.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;

/**
 * Reads a JSON string of a request body, refusing control characters other than line breaks and
 * tab — NUL above all, which PostgreSQL refuses in text — and unpaired surrogates. The failure names
 * the field (ProblemMappers): 400 problem+json, nothing stored.
 */
public final class PlainText extends StdScalarDeserializer<String> {
    public PlainText() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String text = StringDeserializer.instance.deserialize(parser, context);
        String reason = refusal(text);
        if (reason != null) {
            throw JsonMappingException.from(parser, reason, new IllegalArgumentException(reason));
        }
        return text;
    }

    /** Why {@code text} cannot be stored, or null when it can. */
    public static String refusal(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return String.format("contains a control character (U+%04X); only line breaks and tabs are allowed", (int) c);
            }
            if (Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return String.format("contains an unpaired surrogate (U+%04X)", (int) c);
            }
        }
        return null;
    }
}
