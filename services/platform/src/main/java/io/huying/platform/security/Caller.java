package io.huying.platform.security;

import io.huying.contracts.events.Actor;
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

    /** The one unit the caller acts for. Accounts in several units are refused rather than guessed. */
    public OrgPath unit() {
        if (orgPaths.size() == 1) {
            return orgPaths.get(0);
        }
        throw ProblemException.forbidden(orgPaths.isEmpty()
                ? "your account belongs to no org unit; ask an administrator to add it to one"
                : "your account belongs to several org units; Huying needs exactly one");
    }

    /** True when the object at {@code path} is the caller's unit's or lies below one of the caller's units. */
    public boolean sees(String path) {
        return orgPaths.stream().anyMatch(p -> p.covers(path));
    }

    public Actor actor() {
        return new Actor(subject, username, unit().value());
    }
}
