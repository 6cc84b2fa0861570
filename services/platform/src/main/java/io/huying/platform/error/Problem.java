package io.huying.platform.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem detail, served as {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://huying.io/problems/";

    /** A problem whose type is {@code https://huying.io/problems/<slug>} (documented in docs/problems.md). */
    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, List.of());
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, violations);
    }

    public Problem withViolations(List<Violation> list) {
        return new Problem(type, title, status, detail, instance, List.copyOf(list));
    }
}
