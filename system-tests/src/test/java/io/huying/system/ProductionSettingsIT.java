package io.huying.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production profile has no fallback for where the infrastructure is: a service started without
 * its database, broker or identity provider setting stops at once, naming the variable, instead of
 * reaching for 127.0.0.1 or logging in as postgres/postgres. And it logs one JSON object per line,
 * naming the service, for a log collector.
 */
class ProductionSettingsIT {
    @BeforeAll
    static void startTheSystem() {
        SystemUnderTest.start();
    }

    @Test
    void aProductionServiceLogsJsonNamingItself() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String service : List.of("intake", "dispatch", "sla")) {
            Path log = Path.of(System.getProperty("huying.root", "..")).resolve("system-tests/target/system-logs").resolve(service + ".log");
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("{")) {
                    lines.add(json.readTree(line));
                }
            }
            assertThat(lines).as("JSON lines in %s", log).isNotEmpty();
            assertThat(lines).as("JSON lines of %s", service).allSatisfy(l -> {
                assertThat(l.path("service").asText()).isEqualTo(service);
                assertThat(l.has("level") && l.has("message") && l.has("timestamp")).as("level, message, timestamp in %s", l).isTrue();
            });
        }
    }

    @Test
    void aProductionStartWithoutAnInfrastructureSettingStopsNamingIt() throws Exception {
        // The variable, and the setting that reads it (Quarkus names the setting it could not load).
        Map<String, String> settings = Map.of("HUYING_PG_HOST", "quarkus.datasource.", "HUYING_PG_PASSWORD", "quarkus.datasource.password",
                "HUYING_KAFKA_BOOTSTRAP", "kafka.bootstrap.servers", "HUYING_OIDC_URL", "quarkus.oidc.auth-server-url");
        for (Map.Entry<String, String> missing : settings.entrySet()) {
            SystemUnderTest.StartAttempt start = SystemUnderTest.startWithout("intake", missing.getKey(), 60);
            assertThat(start.exit()).as("intake started without %s:%n%s", missing.getKey(), start.output()).isNotNull().isNotZero();
            assertThat(start.output()).as("what intake said without %s", missing.getKey()).containsAnyOf(missing.getKey(), missing.getValue());
            System.out.printf("production start without %s: exit %d, %s%n", missing.getKey(), start.exit(), start.output().strip().lines().findFirst().orElse(""));
        }
    }
}
