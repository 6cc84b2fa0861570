package io.huying.response.service;

import io.huying.contracts.reference.OrgPath;
import io.huying.platform.security.Callers;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * 单位成员 — who belongs to which unit, learnt from the tokens of the department staff who use
 * response (Keycloak is the directory; response asks it nothing): username, display name and unit,
 * upserted at most once per user every {@link #REFRESH} per replica, so a unit can assign its tasks
 * to a named member (分派到人). A member who never used response is not listed yet.
 */
@ApplicationScoped
public class UnitMembers {
    /** How long a sighting stays fresh enough not to be written again (unless the name or unit changed). */
    static final Duration REFRESH = Duration.ofMinutes(5);

    private record Sighting(String name, String unitPath, Instant at) {
    }

    private final Pool pool;
    private final Clock clock;
    private final Map<String, Sighting> recorded = new ConcurrentHashMap<>();

    public UnitMembers(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Records the token's user as a member of their one unit. Never fails: a sighting that cannot be
     * written is logged and tried again on the user's next request.
     */
    public Uni<Void> seen(JsonWebToken token) {
        String username = token.getClaim("preferred_username");
        List<OrgPath> units = Callers.orgPathsOf(token);
        if (username == null || units.size() != 1) {
            return Uni.createFrom().voidItem();
        }
        String unitPath = units.get(0).value();
        String name = displayName(token, username);
        Instant now = clock.instant();
        Sighting last = recorded.get(username);
        if (last != null && last.name().equals(name) && last.unitPath().equals(unitPath) && last.at().plus(REFRESH).isAfter(now)) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                        insert into unit_member (username, name, unit_path, seen_at) values ($1, $2, $3, $4)
                        on conflict (username) do update set name = excluded.name, unit_path = excluded.unit_path, seen_at = excluded.seen_at""")
                .execute(Tuple.of(username, name, unitPath, now.atOffset(ZoneOffset.UTC)))
                .invoke(() -> recorded.put(username, new Sighting(name, unitPath, now)))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("cannot record %s as a member of %s: %s", username, unitPath, failure.getMessage());
                    return null;
                });
    }

    /** 王芳 from family_name 王 and given_name 芳 (Chinese order, no space); else the token's name; else the username. */
    static String displayName(JsonWebToken token, String username) {
        String given = token.getClaim("given_name");
        String family = token.getClaim("family_name");
        if (given != null && family != null && !given.isBlank() && !family.isBlank()) {
            boolean chinese = (family + given).codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
            return chinese ? family.strip() + given.strip() : given.strip() + " " + family.strip();
        }
        String name = token.getClaim("name");
        return name == null || name.isBlank() ? username : name.strip();
    }
}
