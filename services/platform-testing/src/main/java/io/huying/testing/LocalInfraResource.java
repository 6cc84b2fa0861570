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
        return Map.of(
                "kafka.bootstrap.servers", LocalInfra.TEST_KAFKA.bootstrap(),
                "quarkus.oidc.auth-server-url", LocalInfra.REALM_URL);
    }

    @Override
    public void stop() {
        // The local infrastructure outlives a test run; `deploy/local/huying infra down` stops it.
    }
}
