package io.huying.response.security;

import io.huying.platform.security.Roles;
import io.huying.response.service.UnitMembers;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Each authenticated request of a department user tells {@link UnitMembers} who they are: the
 * identity passes unchanged, after the sighting is recorded (or skipped as recent).
 */
@ApplicationScoped
public class UnitMemberSightings implements SecurityIdentityAugmentor {
    private final UnitMembers members;

    public UnitMemberSightings(UnitMembers members) {
        this.members = members;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !identity.hasRole(Roles.DEPARTMENT) || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        return members.seen(token).replaceWith(identity);
    }
}
