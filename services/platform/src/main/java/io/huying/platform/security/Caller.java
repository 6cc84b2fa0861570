package io.huying.platform.security;

import io.huying.contracts.events.Actor;
import io.huying.contracts.reference.ActingUnit;
import io.huying.contracts.reference.OrgPath;
import io.huying.platform.error.ProblemException;
import java.util.List;
import java.util.Set;

/**
 * Who is calling: the token's subject and username, realm roles, and the org paths of the
 * Keycloak groups the user belongs to. Visibility is the prefix rule of {@link OrgPath}.
 */
public record Caller(String subject, String username, Set<String> roles, List<OrgPath> orgPaths) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /**
     * The one unit the caller acts for. Accounts in several units are refused rather than guessed; a
     * grid worker (网格员), whose groups are grids, acts for the community those grids belong to.
     */
    public OrgPath unit() {
        return ActingUnit.of(roles.contains(Roles.GRID_WORKER), orgPaths).orElseThrow(() -> ProblemException.forbidden(
                ActingUnit.actsThroughGrids(roles.contains(Roles.GRID_WORKER), orgPaths)
                        ? "your grids lie in several communities; Huying needs them in one"
                        : orgPaths.isEmpty() ? "your account belongs to no org unit; ask an administrator to add it to one"
                        : "your account belongs to several org units; Huying needs exactly one"));
    }

    /**
     * A grid worker or patrol volunteer (网格员, 巡防) with no office role: raises calls in the field for
     * the unit it belongs to, and follows the calls it raised itself, not its unit's.
     */
    public boolean inTheField() {
        return (roles.contains(Roles.GRID_WORKER) || roles.contains(Roles.PATROL))
                && !roles.contains(Roles.COMMUNITY_OFFICE) && !roles.contains(Roles.STREET_OFFICE);
    }

    /** True when the object at {@code path} is the caller's unit's or lies below one of the caller's units. */
    public boolean sees(String path) {
        return orgPaths.stream().anyMatch(p -> p.covers(path));
    }

    public Actor actor() {
        return new Actor(subject, username, unit().value());
    }
}
