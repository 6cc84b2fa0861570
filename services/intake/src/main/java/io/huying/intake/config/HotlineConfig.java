package io.huying.intake.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The 12345 hotline connector ({@code huying.hotline.*}): where the status callbacks (回传) go, the secret
 * that signs them, and how they are retried. Without a callback URL the steps are recorded and wait.
 */
@ConfigMapping(prefix = "huying.hotline")
public interface HotlineConfig {
    /** The 12345 platform's receiver of status callbacks; none: steps are recorded and sent once it is set. */
    Optional<URI> callbackUrl();

    /** The HMAC-SHA256 key that signs every callback (production: from a Kubernetes secret). Needed with a URL. */
    Optional<String> callbackSecret();

    /** How often the sender looks for steps to post. */
    @WithDefault("1s")
    Duration deliverEvery();

    /**
     * How long a step waits after it happened before it is posted, so that a step that happened earlier
     * but reached intake later (another topic's consumer) still goes first.
     */
    @WithDefault("5s")
    Duration settle();

    /** The wait after a first failed post; it doubles with every failure up to {@link #retryMax()}. */
    @WithDefault("2s")
    Duration retryInitial();

    @WithDefault("10m")
    Duration retryMax();

    /** How long one post may take before it counts as failed. */
    @WithDefault("10s")
    Duration requestTimeout();
}
