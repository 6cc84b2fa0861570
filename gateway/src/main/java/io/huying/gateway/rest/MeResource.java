package io.huying.gateway.rest;

import io.huying.contracts.reference.ActingUnit;
import io.huying.contracts.reference.OrgPath;
import io.huying.gateway.config.GatewayConfig;
import io.huying.gateway.security.ApiGate;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is signed in: the console picks the workspace by roles and unit, the language by locale. {@code unit}
 * is the unit the user acts for (a grid worker's: the community of their grids), {@code groups} every unit
 * the user belongs to (a grid worker's grids).
 */
@Path("/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {
    private static final String DEFAULT_LOCALE = "zh-CN";

    private final SecurityIdentity identity;
    private final OrgDirectory directory;
    private final String identityAdmin;

    public MeResource(SecurityIdentity identity, GatewayConfig config, OrgDirectory directory) {
        this.identity = identity;
        this.directory = directory;
        this.identityAdmin = config.identityAdminUrl();
    }

    /**
     * {@code identityAdmin}: for the security administrator only, where accounts and roles are managed
     * (Keycloak's admin console of the realm); null for everyone else.
     */
    public record Me(String username, String name, List<String> roles, OrgUnitView unit, List<OrgUnitView> groups, String locale,
            String identityAdmin) {
    }

    @GET
    public Uni<Me> me(RoutingContext routing) {
        // Session: the ID token; bearer: the access token. Both carry the profile and the groups.
        JsonWebToken token = (JsonWebToken) identity.getPrincipal();
        String username = Objects.requireNonNullElse(token.getClaim("preferred_username"), token.getSubject());
        List<String> roles = identity.getRoles().stream().sorted().toList();
        List<String> paths = groupPaths(token.getClaim("groups")).stream().filter(OrgPath::isWellFormed).sorted().toList();
        // A grid worker (网格员) belongs to grids and acts for their community, as the services take it.
        String acting = ActingUnit.of(identity.hasRole("grid-worker"), paths.stream().map(OrgPath::of).toList()).map(OrgPath::value)
                .orElse(paths.isEmpty() ? null : paths.get(0));
        String locale = token.getClaim("locale");
        return directory.units(routing.get(ApiGate.ACCESS_TOKEN)).map(units -> new Me(username, nameOf(token, username), roles,
                acting == null ? null : view(units, acting), paths.stream().map(p -> view(units, p)).toList(),
                locale == null || locale.isBlank() ? DEFAULT_LOCALE : locale,
                identity.hasRole("security-admin") ? identityAdmin : null));
    }

    private static OrgUnitView view(Map<String, OrgUnitView> units, String path) {
        OrgUnitView unit = units.get(path);
        return unit != null ? unit : new OrgUnitView(path, path, path, null, null);
    }

    /** 陈晓红 for Chinese names (family name first, no space), "Given Family" otherwise. */
    static String nameOf(JsonWebToken token, String fallback) {
        String given = token.getClaim("given_name");
        String family = token.getClaim("family_name");
        if (given == null && family == null) {
            return fallback;
        }
        if (given == null || family == null) {
            return given == null ? family : given;
        }
        boolean chinese = family.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
        return chinese ? family + given : given + " " + family;
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
