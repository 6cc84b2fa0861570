package io.huying.platform.security;

import io.huying.contracts.security.VerifiedTokens;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The identities of bearer tokens this service has verified, remembered until the tokens expire
 * (a console session or an API client sends the same access token for its whole lifetime), so a
 * token already verified is not parsed and its signature checked again on every request: that was
 * about a fifth of intake's CPU at its highest rate (docs/benchmarks.md). Quarkus OIDC still
 * verifies every token it has not seen, an altered or forged one included.
 *
 * <p>As an {@link IdentityProvider} ahead of Quarkus OIDC's, it answers a token it knows with the
 * identity OIDC built for it, the request's own attributes (its routing context) in place of the
 * first request's; for any other token it answers nothing and OIDC's provider verifies it. Its
 * {@link Remembering} augmentor, the first to see the identity OIDC built, remembers it.
 */
@ApplicationScoped
public class VerifiedIdentities implements IdentityProvider<TokenAuthenticationRequest> {
    /** At most this many identities are remembered (a few KiB each); expired ones go first. */
    private static final int MAX_TOKENS = 4_096;
    /** The identity attributes that belong to one request, not to the token. */
    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();

    private final VerifiedTokens<SecurityIdentity> identities = new VerifiedTokens<>(MAX_TOKENS);

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of every other provider: Quarkus OIDC's has the default, 1001. */
    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        SecurityIdentity verified = identities.valueOf(request.getToken().getToken());
        if (verified == null) {
            return Uni.createFrom().nullItem();
        }
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        Map<String, Object> attributes = new HashMap<>(verified.getAttributes());
        attributes.put(ROUTING_CONTEXT, routing);
        Object requestContext = routing == null ? null : routing.get(REQUEST_CONTEXT);
        if (requestContext == null) {
            attributes.remove(REQUEST_CONTEXT);
        } else {
            attributes.put(REQUEST_CONTEXT, requestContext);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(verified.getPrincipal())
                .addRoles(verified.getRoles())
                .addCredentials(verified.getCredentials())
                .addPermissions(verified.getPermissions())
                .addAttributes(attributes)
                .build());
    }

    /** Whether the identity of this token is remembered. */
    boolean remembers(String token) {
        return identities.valueOf(token) != null;
    }

    /** Remembers the identity of a bearer token, unless it is remembered already. */
    void remember(SecurityIdentity identity) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (!identity.isAnonymous() && credential != null && identity.getPrincipal() instanceof JsonWebToken jwt
                && !remembers(credential.getToken())) {
            identities.remember(credential.getToken(), identity, jwt.getExpirationTime());
        }
    }

    /** Remembers the identity Quarkus OIDC has just built for a bearer token, before any other augmentor sees it. */
    @ApplicationScoped
    static class Remembering implements SecurityIdentityAugmentor {
        /** A client proxy: reached through its methods only. */
        private final VerifiedIdentities verified;

        Remembering(VerifiedIdentities verified) {
            this.verified = verified;
        }

        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            verified.remember(identity);
            return Uni.createFrom().item(identity);
        }
    }
}
