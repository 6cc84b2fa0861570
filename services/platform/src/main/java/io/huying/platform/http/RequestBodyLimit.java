package io.huying.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.problem.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Oversize request bodies get 413 problem+json before anything reads them: a declared
 * Content-Length over the limit is refused up front. A chunked body (no Content-Length) over
 * {@code quarkus.http.limits.max-body-size} is refused by Quarkus itself, with a bare 413.
 *
 * <p>The limit is {@code huying.http.max-body-bytes} (64 KiB), except on the paths of
 * {@code huying.http.upload-paths} (file uploads, e.g. {@code /api/tasks/*}{@code /attachments}, a
 * {@code *} standing for one path segment), which take up to {@code huying.http.max-upload-bytes}
 * (10.5 MiB: a 10 MiB file and its multipart framing). A service with upload paths raises
 * {@code quarkus.http.limits.max-body-size} to that too, which then bounds chunked bodies on every path.
 */
@ApplicationScoped
public class RequestBodyLimit {
    private final long maxBytes;
    private final long maxUploadBytes;
    private final List<Pattern> uploadPaths;
    private final ObjectMapper json;

    public RequestBodyLimit(@ConfigProperty(name = "huying.http.max-body-bytes", defaultValue = "65536") long maxBytes,
            @ConfigProperty(name = "huying.http.max-upload-bytes", defaultValue = "11010048") long maxUploadBytes,
            @ConfigProperty(name = "huying.http.upload-paths") Optional<List<String>> uploadPaths,
            ObjectMapper json) {
        this.maxBytes = maxBytes;
        this.maxUploadBytes = maxUploadBytes;
        this.uploadPaths = uploadPaths.orElse(List.of()).stream().map(RequestBodyLimit::pathPattern).toList();
        this.json = json;
    }

    /** {@code /api/tasks/*}{@code /attachments} → one segment of anything but a slash in place of the star. */
    static Pattern pathPattern(String template) {
        String regex = Arrays.stream(template.strip().split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining("[^/]+"));
        return Pattern.compile(regex + "/?");
    }

    /** The most a request to {@code path} may carry. */
    long limitFor(String path) {
        for (Pattern upload : uploadPaths) {
            if (upload.matcher(path).matches()) {
                return maxUploadBytes;
            }
        }
        return maxBytes;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
    }

    private void checkDeclaredLength(RoutingContext rc) {
        String declared = rc.request().getHeader("Content-Length");
        if (declared != null) {
            try {
                long limit = limitFor(rc.normalizedPath());
                if (Long.parseLong(declared.trim()) > limit) {
                    tooLarge(rc, limit);
                    return;
                }
            } catch (NumberFormatException e) {
                // Vert.x itself rejects a malformed Content-Length.
            }
        }
        rc.next();
    }

    private void tooLarge(RoutingContext rc, long limit) {
        Problem problem = Problem.payloadTooLarge(
                "the request body is larger than " + limit + " bytes").withInstance(rc.request().path());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":413}";
        }
        rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close").end(body);
    }
}
