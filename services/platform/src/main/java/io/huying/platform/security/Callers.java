package io.huying.platform.security;

import io.huying.contracts.reference.OrgPath;
import io.huying.platform.error.ProblemException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Turns the verified bearer token of the current request into a {@link Caller}. */
@ApplicationScoped
public class Callers {
    /** The token claim carrying the full paths of the user's Keycloak groups (org units). */
    public static final String GROUPS_CLAIM = "groups";

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public Callers(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    /**
     * The caller of a request that works with calls, tasks or clocks: 401 without a token, 403 for an
     * account with none of the {@link Roles#BUSINESS} roles (the security and audit administrators).
     */
    public Caller current() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        if (identity.getRoles().stream().noneMatch(Roles.BUSINESS::contains)) {
            throw ProblemException.forbidden("your role does not work with calls");
        }
        List<OrgPath> paths = orgPathsOf(token);
        String username = token.getClaim("preferred_username");
        return new Caller(token.getSubject(), username == null ? token.getSubject() : username,
                Set.copyOf(identity.getRoles()), paths);
    }

    /** When the current request's token expires; null without one. */
    public Instant tokenExpiry() {
        long exp = token.getExpirationTime();
        return exp > 0 ? Instant.ofEpochSecond(exp) : null;
    }

    /** The org paths of the token's groups, well-formed ones only, sorted. */
    public static List<OrgPath> orgPathsOf(JsonWebToken token) {
        return groupPaths(token.getClaim(GROUPS_CLAIM)).stream()
                .filter(OrgPath::isWellFormed).distinct().sorted().map(OrgPath::of).toList();
    }

    private static List<String> groupPaths(Object claim) {
        if (claim instanceof JsonArray array) {
            return array.stream().filter(v -> v instanceof JsonString).map(v -> ((JsonString) v).getString()).toList();
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return claim == null ? List.of() : List.of(String.valueOf(claim));
    }
}
