package io.huying.contracts.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bearer tokens verified once (signature, issuer, audience, lifetime: Quarkus OIDC), remembered by
 * their exact text until they expire with what was learnt from them, so the next request with the
 * same token is not parsed and verified again. A verified JWT stays valid until its {@code exp}
 * whatever happens at Keycloak (nothing is looked up per request), so remembering it accepts
 * exactly what verifying it again would; any other text, a forged or altered token among them, is
 * not found here and is verified. The gateway remembers the subject, each service the identity.
 *
 * @param <V> what a verified token vouches for
 */
public final class VerifiedTokens<V> {
    private final Map<String, Verified<V>> tokens = new ConcurrentHashMap<>();
    private final int maxTokens;
    private final LongSupplier clockMillis;

    /** Beyond {@code maxTokens} remembered tokens the expired ones are dropped, and if that is not enough, all. */
    public VerifiedTokens(int maxTokens) {
        this(maxTokens, System::currentTimeMillis);
    }

    public VerifiedTokens(int maxTokens, LongSupplier clockMillis) {
        this.maxTokens = maxTokens;
        this.clockMillis = clockMillis;
    }

    /** What a token verified before and not yet expired vouches for; null otherwise. */
    public V valueOf(String token) {
        Verified<V> verified = tokens.get(token);
        if (verified == null) {
            return null;
        }
        if (verified.expiresAtMillis() <= clockMillis.getAsLong()) {
            tokens.remove(token, verified);
            return null;
        }
        return verified.value();
    }

    /** Remembers a token Quarkus OIDC has just verified, until its expiry (seconds since the epoch). */
    public void remember(String token, V value, long expiresAtSeconds) {
        long now = clockMillis.getAsLong();
        long expiresAtMillis = expiresAtSeconds * 1000;
        if (expiresAtMillis <= now) {
            return;
        }
        if (tokens.size() >= maxTokens) {
            tokens.values().removeIf(v -> v.expiresAtMillis() <= now);
            if (tokens.size() >= maxTokens) {
                tokens.clear();
            }
        }
        tokens.put(token, new Verified<>(value, expiresAtMillis));
    }

    private record Verified<V>(V value, long expiresAtMillis) {
    }
}
