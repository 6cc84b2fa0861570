package io.huying.gateway.security;

import io.huying.gateway.config.GatewayConfig;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Headers on every response, the gateway's own and the services' alike: the security headers,
 * caching of the console (hashed assets for a year, everything else revalidated), and the
 * {@code XSRF-TOKEN} cookie the console echoes in {@code X-XSRF-TOKEN} (double submit, ApiGate).
 */
@ApplicationScoped
public class EdgeHeaders {
    public static final String XSRF_COOKIE = "XSRF-TOKEN";
    public static final String XSRF_HEADER = "X-XSRF-TOKEN";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Element Plus sets inline styles, ECharts and photo previews draw data: and blob: images. */
    private final String consolePolicy;
    /** Swagger UI starts from an inline script. */
    private final String docsPolicy;

    public EdgeHeaders(GatewayConfig config) {
        String common = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
        this.consolePolicy = common + "; script-src 'self'";
        this.docsPolicy = common + "; script-src 'self' 'unsafe-inline'";
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::decorate);
    }

    private void decorate(RoutingContext rc) {
        String path = rc.normalizedPath();
        Cookie xsrf = rc.request().getCookie(XSRF_COOKIE);
        rc.addHeadersEndHandler(v -> {
            HttpServerResponse response = rc.response();
            response.putHeader("Content-Security-Policy", path.startsWith("/api-docs") ? docsPolicy : consolePolicy);
            response.putHeader("X-Content-Type-Options", "nosniff");
            response.putHeader("Referrer-Policy", "same-origin");
            response.putHeader("X-Frame-Options", "DENY");
            if (path.startsWith("/assets/") && response.getStatusCode() == 200) {
                // Vite names every asset by its content hash: a new build is a new name.
                response.putHeader("Cache-Control", "public, max-age=31536000, immutable");
            } else if (!response.headers().contains("Cache-Control")
                    || String.valueOf(response.headers().get("Content-Type")).startsWith("text/html")) {
                // index.html names the current assets: always revalidated, so a new build shows at once.
                response.putHeader("Cache-Control", "no-cache");
            }
            if (xsrf == null && !path.startsWith("/q/") && !path.startsWith("/assets/")) {
                // Readable by the console's script (not HttpOnly): that is the point of double submit.
                response.addCookie(Cookie.cookie(XSRF_COOKIE, newToken())
                        .setPath("/").setHttpOnly(false).setSameSite(CookieSameSite.STRICT));
            }
        });
        rc.next();
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
