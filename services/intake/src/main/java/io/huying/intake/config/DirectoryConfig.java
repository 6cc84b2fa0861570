package io.huying.intake.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How intake keeps the Keycloak realm's groups in step with the org tree in force ({@code huying.directory.*}): the
 * realm is the one of {@code quarkus.oidc.auth-server-url}; the client is a confidential one whose service account
 * holds realm-management's query-groups, view-users and manage-users (huying-directory in the shipped realm).
 */
@ConfigMapping(prefix = "huying.directory")
public interface DirectoryConfig {
    /** Off: the realm's groups are left as they are (an administrator keeps them in step by hand). */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("huying-directory")
    String clientId();

    /** The client's secret; without one nothing is synced and the status says so. */
    Optional<String> clientSecret();

    /** How long one call to Keycloak may take. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** How often the realm is brought in step again besides after each version (a failed run is run again then). */
    @WithDefault("10m")
    Duration checkEvery();

    /** How long after start the first run waits. */
    @WithDefault("15s")
    Duration firstCheck();
}
