package io.huying.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/compose/docker-compose.yml} as Docker Compose reads it: valid ({@code config -q}, with
 * the placeholders of {@code .env.example}), and refusing to start when a secret is not set.
 * Debian's docker-compose validates without a Docker engine; the README's test command installs it.
 */
class ComposeFileTest {
    static final Path COMPOSE = Path.of(System.getProperty("huying.root", "../..")).resolve("deploy/compose").toAbsolutePath().normalize();

    @Test
    void theComposeFileIsValidWithTheExampleEnvironment() throws Exception {
        Result result = compose(COMPOSE.resolve(".env.example"), "config", "-q");
        assertThat(result.exit()).as("docker-compose config -q:%n%s", result.output()).isZero();
    }

    @Test
    void aMissingSecretStopsItWithAMessageNamingIt() throws Exception {
        Path env = Files.createTempFile("huying-compose", ".env");
        try {
            List<String> withoutSecret = Files.readAllLines(COMPOSE.resolve(".env.example")).stream()
                    .filter(l -> !l.startsWith("HUYING_GATEWAY_SECRET=")).toList();
            Files.write(env, withoutSecret);
            Result result = compose(env, "config", "-q");
            assertThat(result.exit()).as("docker-compose config -q without HUYING_GATEWAY_SECRET").isNotZero();
            assertThat(result.output()).contains("HUYING_GATEWAY_SECRET");
        } finally {
            Files.deleteIfExists(env);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result compose(Path envFile, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("docker-compose", "--env-file", envFile.toString(), "-f",
                COMPOSE.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(COMPOSE.toFile()).redirectErrorStream(true);
        // Only the env file speaks: the launcher exports this checkout's secrets to the tests, and Compose
        // prefers the environment to the env file.
        builder.environment().keySet().removeIf(k -> k.startsWith("HUYING_") || k.startsWith("KC_") || k.startsWith("COMPOSE_"));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("docker-compose did not answer in 60 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
