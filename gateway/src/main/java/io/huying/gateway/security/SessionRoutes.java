package io.huying.gateway.security;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * {@code /login?redirect=/some/page}: the console's way back after a session ran out. The path
 * needs a session (the permission sends the browser through Keycloak's login page first), then
 * returns to the page — a same-origin relative path only, never elsewhere. {@code /logout}: with a
 * session, OIDC ends it here and at Keycloak (RP-initiated logout) and comes back to {@code /};
 * without one, straight back to {@code /}.
 */
@ApplicationScoped
public class SessionRoutes {
    /** Before authentication (-200): a page request still carrying a dead session's cookie. */
    static final int DEAD_SESSION_ORDER = -300;

    private final SessionTokens sessions;

    public SessionRoutes(SessionTokens sessions) {
        this.sessions = sessions;
    }

    void install(@Observes Router router) {
        router.getWithRegex("^/(?!api(/|$)|assets/|q/|openapi/|api-docs).*").order(DEAD_SESSION_ORDER).handler(this::dropDeadSession);
        router.get("/login").order(ApiGate.ORDER).handler(this::login);
        router.get("/logout").order(ApiGate.ORDER).handler(this::logout);
    }

    /**
     * A page opened with an expired or ended session is loaded again without its cookie: the
     * normal login through Keycloak follows and comes back to the same page.
     */
    private void dropDeadSession(RoutingContext rc) {
        Cookie session = rc.request().getCookie(SessionTokens.SESSION_COOKIE);
        if (session == null || session.getValue().isEmpty()) {
            rc.next();
            return;
        }
        rc.request().pause();
        sessions.alive(session.getValue()).subscribe().with(alive -> {
            rc.request().resume();
            if (alive) {
                rc.next();
                return;
            }
            rc.response().addCookie(Cookie.cookie(SessionTokens.SESSION_COOKIE, "").setPath("/").setMaxAge(0));
            String query = rc.request().query();
            redirectTo(rc, safeTarget(query == null ? rc.request().path() : rc.request().path() + "?" + query));
        }, failure -> {
            rc.request().resume();
            rc.fail(failure);
        });
    }

    private void login(RoutingContext rc) {
        List<String> redirect = rc.queryParam("redirect");
        redirectTo(rc, safeTarget(redirect.isEmpty() ? null : redirect.get(0)));
    }

    private void logout(RoutingContext rc) {
        // Asking for the identity lets OIDC see the logout path: it answers with a redirect to Keycloak.
        QuarkusHttpUser.getSecurityIdentity(rc, null).subscribe().with(
                identity -> redirectTo(rc, "/"),
                failure -> {
                    if (failure instanceof AuthenticationRedirectException oidc) {
                        rc.response().setStatusCode(oidc.getCode()).putHeader("Location", oidc.getRedirectUri());
                        rc.response().putHeader("Cache-Control", "no-store").end();
                    } else {
                        Log.debugf("logout without a valid session: %s", failure.getMessage());
                        redirectTo(rc, "/");
                    }
                });
    }

    /** A same-origin path such as {@code /section/tasks/123?x=1}; anything else becomes {@code /}. */
    static String safeTarget(String target) {
        if (target == null || target.isEmpty() || target.charAt(0) != '/' || target.startsWith("//")
                || target.contains("\\") || target.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        return target;
    }

    private static void redirectTo(RoutingContext rc, String target) {
        rc.response().setStatusCode(303).putHeader("Location", target).putHeader("Cache-Control", "no-store").end();
    }
}
