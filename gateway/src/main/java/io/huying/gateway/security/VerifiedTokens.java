package io.huying.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bearer tokens this gateway has verified (signature, issuer, lifetime: Quarkus OIDC), remembered
 * by their exact text until they expire, so an API client's next call with the same token is not
 * parsed and verified again. A verified JWT stays valid until its {@code exp} whatever happens at
 * Keycloak (nothing is looked up per call), so remembering it accepts exactly what verifying it
 * again would. The services still verify every token themselves (defence in depth).
 */
@ApplicationScoped
public class VerifiedTokens {
    /** Beyond this many remembered tokens the expired ones are dropped, and if that is not enough, all. */
    static final int MAX_TOKENS = 10_000;

    private final Map<String, Verified> tokens = new ConcurrentHashMap<>();
    private final LongSupplier clockMillis;

    public VerifiedTokens() {
        this(System::currentTimeMillis);
    }

    VerifiedTokens(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** The subject of a token verified before and not yet expired; null otherwise. */
    public String subjectOf(String token) {
        Verified verified = tokens.get(token);
        if (verified == null) {
            return null;
        }
        if (verified.expiresAtMillis() <= clockMillis.getAsLong()) {
            tokens.remove(token, verified);
            return null;
        }
        return verified.subject();
    }

    /** Remembers a token Quarkus OIDC has just verified, until its expiry (seconds since the epoch). */
    public void remember(String token, String subject, long expiresAtSeconds) {
        long now = clockMillis.getAsLong();
        long expiresAtMillis = expiresAtSeconds * 1000;
        if (expiresAtMillis <= now) {
            return;
        }
        if (tokens.size() >= MAX_TOKENS) {
            tokens.values().removeIf(v -> v.expiresAtMillis() <= now);
            if (tokens.size() >= MAX_TOKENS) {
                tokens.clear();
            }
        }
        tokens.put(token, new Verified(subject, expiresAtMillis));
    }

    private record Verified(String subject, long expiresAtMillis) {
    }
}
