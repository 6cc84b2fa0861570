package io.huying.gateway.security;

import io.huying.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.oidc.AuthorizationCodeTokens;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TokenStateManager;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Server-side sessions: a browser's ID, access and refresh tokens live in PostgreSQL (table
 * {@code gateway_session}); its {@code q_session} cookie holds only a random session id. Logging
 * out deletes the row, and expired rows are purged.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class SessionTokens implements TokenStateManager {
    /** Quarkus OIDC's session cookie (default name), here holding only the session id. */
    static final String SESSION_COOKIE = "q_session";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS gateway_session (
                id text PRIMARY KEY,
                id_token text NOT NULL,
                access_token text,
                refresh_token text,
                access_token_expires_in bigint,
                access_token_scope text,
                expires_at timestamptz NOT NULL)""";

    private final Pool pool;
    private final Duration maxAge;

    public SessionTokens(Pool pool, GatewayConfig config) {
        this.pool = pool;
        this.maxAge = config.session().maxAge();
    }

    void createTable(@Observes StartupEvent start, io.vertx.core.Vertx vertx) {
        pool.query(CREATE).execute().await().atMost(Duration.ofSeconds(30));
        vertx.setPeriodic(Duration.ofMinutes(5).toMillis(), id -> pool.query("DELETE FROM gateway_session WHERE expires_at < now()")
                .execute().subscribe().with(rows -> { }, e -> Log.warnf("could not purge expired sessions: %s", e.getMessage())));
    }

    @Override
    public Uni<String> createTokenState(RoutingContext rc, OidcTenantConfig oidc, AuthorizationCodeTokens tokens,
            OidcRequestContext<String> request) {
        String id = newId();
        return pool.preparedQuery("INSERT INTO gateway_session (id, id_token, access_token, refresh_token, "
                        + "access_token_expires_in, access_token_scope, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple()
                        .addString(id)
                        .addString(tokens.getIdToken())
                        .addString(tokens.getAccessToken())
                        .addString(tokens.getRefreshToken())
                        .addLong(tokens.getAccessTokenExpiresIn())
                        .addString(tokens.getAccessTokenScope())
                        .addOffsetDateTime(OffsetDateTime.now(ZoneOffset.UTC).plus(maxAge)))
                .replaceWith(id);
    }

    @Override
    public Uni<AuthorizationCodeTokens> getTokens(RoutingContext rc, OidcTenantConfig oidc, String id,
            OidcRequestContext<AuthorizationCodeTokens> request) {
        return pool.preparedQuery("SELECT id_token, access_token, refresh_token, access_token_expires_in, access_token_scope "
                        + "FROM gateway_session WHERE id = $1 AND expires_at > now()")
                .execute(Tuple.of(id))
                .map(RowSet::iterator)
                .map(rows -> {
                    if (!rows.hasNext()) {
                        throw sessionGone(rc);
                    }
                    Row row = rows.next();
                    return new AuthorizationCodeTokens(row.getString("id_token"), row.getString("access_token"),
                            row.getString("refresh_token"), row.getLong("access_token_expires_in"),
                            row.getString("access_token_scope"));
                });
    }

    /**
     * An unknown or expired session: a failed authentication. API calls get 401 problem+json (the
     * console then sends the user to {@code /login?redirect=…}); pages never get here, {@link
     * SessionRoutes} drops a dead session cookie before authentication.
     */
    private static RuntimeException sessionGone(RoutingContext rc) {
        rc.response().addCookie(Cookie.cookie(SESSION_COOKIE, "").setPath("/").setMaxAge(0));
        return new AuthenticationFailedException("the session has expired or ended");
    }

    /** True while the session {@code id} exists and has not expired. */
    Uni<Boolean> alive(String id) {
        return pool.preparedQuery("SELECT 1 FROM gateway_session WHERE id = $1 AND expires_at > now()")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() > 0);
    }

    @Override
    public Uni<Void> deleteTokens(RoutingContext rc, OidcTenantConfig oidc, String id, OidcRequestContext<Void> request) {
        return pool.preparedQuery("DELETE FROM gateway_session WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    private static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
