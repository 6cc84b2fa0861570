package io.huying.system;

import io.huying.testing.HotlineReceiver;
import io.huying.testing.LocalInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five packaged services ({@code target/quarkus-app/quarkus-run.jar}), each in its own JVM
 * with its own fresh database ({@code <service>_system}), against the tests' Kafka node and the
 * local Keycloak — the system as it runs, on ports of its own (1808x) so a running demo system is
 * not disturbed. The notification service and the gateway (with the console it serves) join when
 * they are packaged: the browser tests need them ({@link #requireGateway()}), the API tests do not.
 * Started once per test JVM, stopped when it exits. Nothing is configured away from production:
 * look-alike calls merge within intake's 24 h duplicate window, so every call a test raises is made
 * distinct ({@link Chain#raise}).
 */
final class SystemUnderTest {
    /** Service name → HTTP port. */
    static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("intake", 18081);
        SERVICES.put("dispatch", 18082);
        SERVICES.put("response", 18083);
        SERVICES.put("feedback", 18084);
        SERVICES.put("sla", 18085);
    }

    /** Services started when they are packaged (the API tests do not need them). */
    static final Map<String, Integer> OPTIONAL_SERVICES = Map.of("notify", 18086);
    static final int GATEWAY_PORT = 18080;
    /**
     * The gateway's address as the browser sees it. Keycloak's clients allow redirects back to
     * http://127.0.0.1:18080/* only, so it is 127.0.0.1, never localhost.
     */
    static final String GATEWAY_URL = "http://127.0.0.1:" + GATEWAY_PORT;
    private static final String GATEWAY_JAR = "gateway/target/quarkus-app/quarkus-run.jar";
    /** The services that run in this JVM's system (name → port), in start order. */
    private static final Map<String, Integer> RUNNING = new LinkedHashMap<>();

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final List<Process> PROCESSES = new ArrayList<>();
    /** The live process of each running service. */
    private static final Map<String, Process> BY_NAME = new LinkedHashMap<>();
    private static boolean started;

    private SystemUnderTest() {
    }

    static String url(String service) {
        if (service.equals("gateway")) {
            return GATEWAY_URL;
        }
        if (service.endsWith(SECOND)) {
            return "http://127.0.0.1:" + (SERVICES.getOrDefault(base(service), OPTIONAL_SERVICES.get(base(service))) + SECOND_PORT_OFFSET);
        }
        return "http://127.0.0.1:" + SERVICES.getOrDefault(service, OPTIONAL_SERVICES.get(service));
    }

    /** The name of a service's second instance ({@link #startSecondInstances}). */
    static String second(String service) {
        return service + SECOND;
    }

    private static final String SECOND = "-2";
    private static final int SECOND_PORT_OFFSET = 100;

    private static String base(String name) {
        return name.endsWith(SECOND) ? name.substring(0, name.length() - SECOND.length()) : name;
    }

    /**
     * Starts a second instance of each of {@code services} — as a second replica in a cluster: its own
     * port (the first's + 100), the same database and the same consumer groups — and waits until all are
     * ready. Each is named {@link #second}{@code (service)}: {@link #url}, {@link #kill} and
     * {@link #stopSecondInstances} take that name.
     */
    static synchronized void startSecondInstances(List<String> services) {
        Path root = root();
        Path logs = root.resolve("system-tests/target/system-logs");
        try {
            for (String service : services) {
                Files.deleteIfExists(logs.resolve(second(service) + ".log"));
                Process process = launch(root, logs, second(service), jar(root, service),
                        RUNNING.get(service) + SECOND_PORT_OFFSET, List.of());
                PROCESSES.add(process);
                BY_NAME.put(second(service), process);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not start second instances: " + e.getMessage(), e);
        }
        for (String service : services) {
            awaitReady(second(service), logs.resolve(second(service) + ".log"));
        }
    }

    /** Stops the second instances still running (SIGTERM: as a scale-down). */
    static synchronized void stopSecondInstances() {
        List<String> seconds = BY_NAME.keySet().stream().filter(name -> name.endsWith(SECOND)).toList();
        for (String name : seconds) {
            Process process = BY_NAME.remove(name);
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            PROCESSES.remove(process);
        }
    }

    /** The services running in this JVM's system, the gateway left out. */
    static synchronized List<String> runningServices() {
        return RUNNING.keySet().stream().filter(name -> !name.equals("gateway")).toList();
    }

    /** Whether the gateway runs in this system (it does when it was packaged before the tests). */
    static synchronized boolean hasGateway() {
        return RUNNING.containsKey("gateway");
    }

    /** Starts the system and fails, saying how to package it, when the gateway is not part of it. */
    static void requireGateway() {
        start();
        if (!hasGateway()) {
            throw new IllegalStateException(root().resolve(GATEWAY_JAR) + " is missing: package the gateway (and its console) before the "
                    + "browser tests: ./mvnw -DskipTests package -pl gateway -am");
        }
    }

    private static Path root() {
        return Path.of(System.getProperty("huying.root", "..")).toAbsolutePath().normalize();
    }

    static final String HOTLINE_SECRET = "system-test-hotline-secret";
    private static HotlineReceiver hotline;

    /** The 12345 platform's end of the status callbacks, started with the system (intake posts to it). */
    static synchronized HotlineReceiver hotline() {
        if (hotline == null) {
            hotline = HotlineReceiver.start(HOTLINE_SECRET);
        }
        return hotline;
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        LocalInfra.ensureRunning();
        Path root = root();
        Path logs = root.resolve("system-tests/target/system-logs");
        RUNNING.putAll(SERVICES);
        OPTIONAL_SERVICES.forEach((service, port) -> {
            if (Files.isRegularFile(jar(root, service))) {
                RUNNING.put(service, port);
            }
        });
        if (Files.isRegularFile(root.resolve(GATEWAY_JAR))) {
            RUNNING.put("gateway", GATEWAY_PORT);
        }
        try {
            Files.createDirectories(logs);
            for (String service : RUNNING.keySet()) {
                recreateDatabase(service + "_system");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(SystemUnderTest::stop, "system-under-test-stop"));
            for (String name : RUNNING.keySet()) {
                Files.deleteIfExists(logs.resolve(name + ".log")); // a service started again (kill -9) appends to its log
                launch(name);
            }
            for (String service : RUNNING.keySet()) {
                awaitReady(service, logs.resolve(service + ".log"));
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not start the system under test: " + e.getMessage(), e);
        }
        started = true;
    }

    /** Starts {@code name} on its port, its log appended to. */
    private static void launch(String name) throws IOException {
        Path root = root();
        Path logs = root.resolve("system-tests/target/system-logs");
        Path jar = name.equals("gateway") ? root.resolve(GATEWAY_JAR) : jar(root, name);
        Process process = launch(root, logs, name, jar, RUNNING.get(name), name.equals("gateway") ? gatewayConfig() : List.of());
        PROCESSES.add(process);
        BY_NAME.put(name, process);
    }

    /** kill -9 of a running service: SIGKILL, no shutdown hook, nothing flushed. */
    static synchronized void kill(String service) {
        Process process = BY_NAME.get(service);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        PROCESSES.remove(process);
    }

    /** Starts a killed service again and waits until it is ready. */
    static synchronized void restart(String service) {
        try {
            launch(service);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + service + " again: " + e.getMessage(), e);
        }
        awaitReady(service, root().resolve("system-tests/target/system-logs").resolve(service + ".log"));
    }

    /**
     * Starts {@code service}'s packaged jar in the production profile with the environment the system
     * tests give it minus {@code missing}, and returns what it printed and its exit code once it ended
     * (it is killed if still running after {@code seconds}).
     */
    static StartAttempt startWithout(String service, String missing, int seconds) throws IOException, InterruptedException {
        Path root = root();
        Path log = Files.createTempFile("huying-start-without-" + missing, ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                "-Dhuying.database=" + service + "_system", "-jar", jar(root, service).toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("HUYING_") || k.startsWith("QUARKUS_"));
        builder.environment().put("HUYING_KAFKA_BOOTSTRAP", LocalInfra.TEST_KAFKA.bootstrap());
        builder.environment().put("HUYING_PG_HOST", LocalInfra.PG_HOST);
        builder.environment().put("HUYING_PG_PORT", String.valueOf(LocalInfra.PG_PORT));
        builder.environment().put("HUYING_PG_USER", "postgres");
        builder.environment().put("HUYING_PG_PASSWORD", "postgres");
        builder.environment().put("HUYING_OIDC_URL", LocalInfra.REALM_URL);
        builder.environment().remove(missing);
        Process process = builder.start();
        boolean ended = process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        Files.deleteIfExists(log);
        return new StartAttempt(ended ? process.exitValue() : null, output);
    }

    /** How a start ended: its exit code (null: it was still running) and its output. */
    record StartAttempt(Integer exit, String output) {
    }

    private static Path jar(Path root, String service) {
        return root.resolve("services/" + service + "/target/quarkus-app/quarkus-run.jar");
    }

    /**
     * The gateway proxies to this system's services (ports 1808x) — also to one that is not packaged, so
     * that a call to it fails here rather than reaching a demo system on 808x.
     */
    private static List<String> gatewayConfig() {
        List<String> config = new ArrayList<>();
        SERVICES.keySet().forEach(service -> config.add("-Dhuying.gateway.services." + service + "=" + url(service)));
        OPTIONAL_SERVICES.keySet().forEach(service -> config.add("-Dhuying.gateway.services." + service + "=" + url(service)));
        return config;
    }

    /** Starts instance {@code name} of a service ({@code intake}, or a second instance {@code intake-2}) from {@code jar}. */
    private static Process launch(Path root, Path logs, String name, Path jar, int port, List<String> config) throws IOException {
        String service = base(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the services must be packaged before the system tests run");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dhuying.proc=system-test-" + name,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dhuying.database=" + service + "_system"));
        command.addAll(config);
        if (service.equals("intake")) {
            // The 12345 platform's receiver of status callbacks (回传), steps posted a second after they happen.
            command.addAll(List.of("-Dhuying.hotline.callback-url=" + hotline().url(), "-Dhuying.hotline.callback-secret=" + HOTLINE_SECRET,
                    "-Dhuying.hotline.settle=1s"));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        builder.environment().put("HUYING_KAFKA_BOOTSTRAP", LocalInfra.TEST_KAFKA.bootstrap());
        builder.environment().put("HUYING_PG_HOST", LocalInfra.PG_HOST);
        builder.environment().put("HUYING_PG_PORT", String.valueOf(LocalInfra.PG_PORT));
        builder.environment().put("HUYING_OIDC_URL", LocalInfra.REALM_URL);
        // The production profile has no default for any of these (a missing one stops the start).
        builder.environment().put("HUYING_PG_USER", "postgres");
        builder.environment().putIfAbsent("HUYING_PG_PASSWORD", "postgres");
        if (service.equals("gateway")) {
            // This checkout's client secret of huying-gateway (deploy/local/.run/secrets.env), which the realm was imported with.
            builder.environment().put("HUYING_GATEWAY_SECRET", LocalInfra.secret("HUYING_GATEWAY_SECRET"));
            builder.environment().put("HUYING_GATEWAY_STATE_SECRET", LocalInfra.secret("HUYING_GATEWAY_STATE_SECRET"));
        }
        if (service.equals("intake")) {
            // huying-directory's secret: intake keeps the realm's groups in step with the org tree as that client.
            builder.environment().put("HUYING_DIRECTORY_SECRET", LocalInfra.secret("HUYING_DIRECTORY_SECRET"));
        }
        return builder.start();
    }

    private static void awaitReady(String service, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        URI ready = URI.create(url(service) + "/q/health/ready");
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (PROCESSES.stream().anyMatch(p -> !p.isAlive())) {
                throw new IllegalStateException("a service exited during start-up; see " + log.getParent());
            }
            sleep(250);
        }
        throw new IllegalStateException(service + " was not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private static void recreateDatabase(String name) throws SQLException {
        try (Connection c = LocalInfra.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
            s.execute("create database " + name);
        }
    }

    static synchronized void stop() {
        for (Process p : PROCESSES) {
            p.destroy();
        }
        for (Process p : PROCESSES) {
            try {
                if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PROCESSES.clear();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
