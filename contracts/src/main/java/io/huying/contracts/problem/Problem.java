package io.huying.contracts.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, served as {@code application/problem+json} by every service and by the
 * gateway. The one copy of the shape: types are {@code https://huying.io/problems/<slug>}, each slug
 * documented in docs/problems.md.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** The {@code WWW-Authenticate} challenge sent with every 401. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"huying\"";
    private static final String TYPE_BASE = "https://huying.io/problems/";

    /** A problem whose type is {@code https://huying.io/problems/<slug>} (documented in docs/problems.md). */
    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, List.of());
    }

    public static Problem unauthenticated(String detail) {
        return of("unauthenticated", "Unauthorized", 401, detail);
    }

    public static Problem forbidden(String detail) {
        return of("forbidden", "Forbidden", 403, detail);
    }

    public static Problem payloadTooLarge(String detail) {
        return of("payload-too-large", "Payload too large", 413, detail);
    }

    /** A 5xx: the cause stays in the log, the client learns only who failed. */
    public static Problem internal(int status, String who) {
        return of("internal", "Internal error", status, who + " could not complete the request");
    }

    /** A 4xx the framework raised (routing, content negotiation, body reading), typed by its status. */
    public static Problem forStatus(int status, String reason, String detail) {
        return of(slugOf(status), reason, status, detail);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, violations);
    }

    public Problem withViolations(List<Violation> list) {
        return new Problem(type, title, status, detail, instance, List.copyOf(list));
    }

    private static String slugOf(int status) {
        return switch (status) {
            case 400 -> "invalid-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }
}
