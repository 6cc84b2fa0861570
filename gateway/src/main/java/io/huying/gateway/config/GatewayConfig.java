package io.huying.gateway.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Map;

/** The gateway's settings: where the services are, body limits, the per-user rate and sessions. */
@ConfigMapping(prefix = "huying.gateway")
public interface GatewayConfig {

    /** Base URL of each service behind {@code /api}, by service name (intake, dispatch, …). */
    Map<String, String> services();

    Limits limits();

    RateLimit rateLimit();

    Session session();

    interface Limits {
        /** Largest JSON (or other non-upload) body, in bytes. */
        long maxJsonBytes();

        /** Largest upload to a {@code …/attachments} path, multipart envelope included, in bytes. */
        long maxUploadBytes();
    }

    interface RateLimit {
        /** Requests per second a user's bucket regains. */
        double perSecond();

        /** Requests a user may make at once after a quiet spell. */
        int burst();
    }

    interface Session {
        /** How long a browser session's tokens are kept. */
        Duration maxAge();
    }
}
