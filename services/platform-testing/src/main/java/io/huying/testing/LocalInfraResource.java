package io.huying.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a service under test at real local servers: PostgreSQL and Keycloak (started with the
 * launcher when they are down) and the tests' own Kafka node; creates the service's test
 * database (init arg {@code database}, e.g. {@code intake_test}).
 */
public class LocalInfraResource implements QuarkusTestResourceLifecycleManager {
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        LocalInfra.ensureRunning();
        if (database != null) {
            LocalInfra.ensureDatabase(database);
        }
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "kafka.bootstrap.servers", LocalInfra.TEST_KAFKA.bootstrap(),
                "quarkus.oidc.auth-server-url", LocalInfra.REALM_URL));
        // Intake keeps the realm's groups in step with the org tree as huying-directory (the secret the realm was imported with).
        try {
            config.put("huying.directory.client-secret", LocalInfra.secret("HUYING_DIRECTORY_SECRET"));
        } catch (IllegalStateException noSecret) {
            // A realm without huying-directory: the groups are not synced, and intake's status says why.
        }
        return config;
    }

    @Override
    public void stop() {
        // The local infrastructure outlives a test run; `deploy/local/huying infra down` stops it.
    }
}
