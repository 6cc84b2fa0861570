package io.huying.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.platform.error.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Oversize request bodies get 413 problem+json before anything reads them: a declared
 * Content-Length over the limit is refused up front. A chunked body (no Content-Length) over
 * {@code quarkus.http.limits.max-body-size} is refused by Quarkus itself, with a bare 413.
 */
@ApplicationScoped
public class RequestBodyLimit {
    private final long maxBytes;
    private final ObjectMapper json;

    public RequestBodyLimit(@ConfigProperty(name = "huying.http.max-body-bytes", defaultValue = "65536") long maxBytes,
            ObjectMapper json) {
        this.maxBytes = maxBytes;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
    }

    private void checkDeclaredLength(RoutingContext rc) {
        String declared = rc.request().getHeader("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBytes) {
                    tooLarge(rc);
                    return;
                }
            } catch (NumberFormatException e) {
                // Vert.x itself rejects a malformed Content-Length.
            }
        }
        rc.next();
    }

    private void tooLarge(RoutingContext rc) {
        Problem problem = Problem.of("payload-too-large", "Payload too large", 413,
                "the request body is larger than " + maxBytes + " bytes").withInstance(rc.request().path());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":413}";
        }
        rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close").end(body);
    }
}
