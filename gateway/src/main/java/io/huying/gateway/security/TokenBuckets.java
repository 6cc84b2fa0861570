package io.huying.gateway.security;

import io.huying.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-user rate limit: one token bucket per token subject, refilled continuously at
 * {@code per-second} up to {@code burst}. In memory: each gateway replica limits what passes
 * through it.
 */
@ApplicationScoped
public class TokenBuckets {
    /** Buckets untouched this long are full again and can be forgotten. */
    private static final long IDLE_NANOS = 10 * 60 * 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(GatewayConfig config) {
        this.perNano = config.rateLimit().perSecond() / 1e9;
        this.burst = config.rateLimit().burst();
    }

    /** Takes one request from the subject's bucket: 0 when allowed, else the seconds to wait. */
    public long take(String subject) {
        long now = System.nanoTime();
        if (buckets.size() > 10_000) {
            buckets.values().removeIf(b -> now - b.updated > IDLE_NANOS);
        }
        Bucket bucket = buckets.computeIfAbsent(subject, s -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * perNano);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
