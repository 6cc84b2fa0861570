package io.huying.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** The gateway's settings: where the services are, body limits, the per-user rate, sessions, and the identity admin console. */
@ConfigMapping(prefix = "huying.gateway")
public interface GatewayConfig {

    /** Base URL of each service behind {@code /api}, by service name (intake, dispatch, …). */
    Map<String, String> services();

    Limits limits();

    RateLimit rateLimit();

    Session session();

    Proxy proxy();

    /** Where the security administrator manages accounts and roles: Keycloak's admin console of the realm. */
    String identityAdminUrl();

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

    /** The connections to the services. */
    interface Proxy {
        /** Connections kept to each service. */
        @WithDefault("200")
        int poolSize();

        /**
         * A connection to a service that carries no byte for this long is closed, and a request on it
         * fails (502). Longer than the 15 s heartbeat of the live streams.
         */
        @WithDefault("60S")
        Duration idleTimeout();

        /**
         * How long an API call may wait for the service's answer (more exactly: for its next byte)
         * before the gateway gives up, answers 504 and frees the connection. Live streams
         * ({@code Accept: text/event-stream}) have no such limit.
         */
        @WithDefault("30S")
        Duration upstreamTimeout();

        /** Requests waiting for a connection to one service; beyond this they fail at once (502) rather than hang. */
        @WithDefault("1000")
        int maxWaiting();
    }

    interface Session {
        /** How long a browser session's tokens are kept. */
        Duration maxAge();
    }
}
