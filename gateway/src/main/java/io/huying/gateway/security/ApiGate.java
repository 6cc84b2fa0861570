package io.huying.gateway.security;

import io.huying.contracts.problem.Problem;
import io.huying.contracts.security.VerifiedTokens;
import io.huying.gateway.config.GatewayConfig;
import io.huying.gateway.rest.Problems;
import io.quarkus.logging.Log;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Every {@code /api} request passes here before it reaches a service or the gateway's own
 * resources: body size (413), authentication by bearer token or session cookie (401, never a
 * redirect to Keycloak: the console sends the user to {@code /login?redirect=…} itself), CSRF for
 * session requests that change state (403), and the per-user rate (429). The access token it
 * finds is what the proxy relays. A bearer token verified before and not yet expired is taken from
 * {@link VerifiedTokens} instead of being verified again.
 */
@ApplicationScoped
public class ApiGate {
    /** Where the verified access token of the request is kept for the proxy and the resources. */
    public static final String ACCESS_TOKEN = "huying.access-token";
    /** After the security filters (authentication -200, authorization -100), before the routes. */
    static final int ORDER = -50;
    /** Bearer tokens verified before, by their subject: at most this many, expired ones dropped first. */
    private static final int MAX_VERIFIED_TOKENS = 10_000;
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final GatewayConfig config;
    private final TokenBuckets buckets;
    private final VerifiedTokens<String> verified = new VerifiedTokens<>(MAX_VERIFIED_TOKENS);

    public ApiGate(GatewayConfig config, TokenBuckets buckets) {
        this.config = config;
        this.buckets = buckets;
    }

    void install(@Observes Router router) {
        router.routeWithRegex("^/api(/.*)?$").order(ORDER).handler(this::admit);
    }

    private void admit(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        // The body stays unread until the proxy streams it on (or a resource reads it).
        request.pause();
        long limit = rc.normalizedPath().endsWith("/attachments")
                ? config.limits().maxUploadBytes()
                : config.limits().maxJsonBytes();
        String length = request.getHeader("Content-Length");
        if (length != null && parseLength(length) > limit) {
            rc.response().putHeader("Connection", "close");
            Problems.send(rc, Problem.payloadTooLarge("the request body is larger than " + limit + " bytes"));
            return;
        }
        String bearer = bearerToken(request);
        String subject = bearer == null ? null : verified.valueOf(bearer);
        if (subject != null) {
            pass(rc, bearer, subject);
            return;
        }
        QuarkusHttpUser.getSecurityIdentity(rc, null).subscribe().with(
                identity -> admit(rc, identity),
                failure -> {
                    if (!(failure instanceof AuthenticationException)) {
                        Log.warnf(failure, "authentication failed on %s", rc.normalizedPath());
                    }
                    Problems.unauthenticated(rc);
                });
    }

    private void admit(RoutingContext rc, SecurityIdentity identity) {
        AccessTokenCredential token = identity.isAnonymous() ? null : identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            Problems.unauthenticated(rc);
            return;
        }
        HttpServerRequest request = rc.request();
        String bearer = bearerToken(request);
        if (bearer == null && !SAFE.contains(request.method()) && !csrfTokenMatches(request)) {
            Problems.send(rc, Problem.of("csrf", "Forbidden", 403,
                    "a change made with the session cookie must carry the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header"));
            return;
        }
        String subject = subjectOf(identity);
        if (bearer != null && bearer.equals(token.getToken()) && identity.getPrincipal() instanceof JsonWebToken jwt) {
            verified.remember(bearer, subject, jwt.getExpirationTime());
        }
        pass(rc, token.getToken(), subject);
    }

    /** The per-user rate, then on to the proxy or the gateway's own resources with the token to relay. */
    private void pass(RoutingContext rc, String token, String subject) {
        long retryAfter = buckets.take(subject);
        if (retryAfter > 0) {
            rc.response().putHeader("Retry-After", Long.toString(retryAfter));
            Problems.send(rc, Problem.of("rate-limited", "Too Many Requests", 429,
                    "too many requests from your account; retry in " + retryAfter + " s"));
            return;
        }
        rc.put(ACCESS_TOKEN, token);
        rc.next();
    }

    /** The token of an {@code Authorization: Bearer} header; null without one. */
    private static String bearerToken(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || authorization.length() <= 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static boolean csrfTokenMatches(HttpServerRequest request) {
        Cookie cookie = request.getCookie(EdgeHeaders.XSRF_COOKIE);
        String header = request.getHeader(EdgeHeaders.XSRF_HEADER);
        return cookie != null && header != null && !header.isEmpty()
                && MessageDigest.isEqual(cookie.getValue().getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }

    private static String subjectOf(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
