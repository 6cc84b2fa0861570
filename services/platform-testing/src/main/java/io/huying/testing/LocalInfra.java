package io.huying.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real local infrastructure tests run against: Kafka on 9092, PostgreSQL on 5432 and
 * Keycloak on 8180, as started by {@code deploy/local/huying infra up}. When something does not
 * answer, tests start it with that same launcher rather than with a second copy of its logic.
 */
public final class LocalInfra {
    /**
     * Tests publish to a Kafka node of their own (deploy/local/huying kafka-node), never to the
     * broker a running system uses. It starts empty once per Maven run ({@link #TEST_RUN}), so no
     * test sees, or depends on, an earlier run's history or what retention trimmed of it.
     */
    public static final KafkaNode TEST_KAFKA = new KafkaNode("tests", 29092, 29093);
    public static final String PG_HOST = env("HUYING_PG_HOST", "127.0.0.1");
    public static final int PG_PORT = Integer.parseInt(env("HUYING_PG_PORT", "5432"));
    public static final String KEYCLOAK = env("HUYING_KEYCLOAK_URL", "http://127.0.0.1:8180");
    public static final String REALM_URL = KEYCLOAK + "/realms/huying";

    /**
     * The Maven run this JVM belongs to (system property {@code huying.test-run}, set by the parent pom
     * for surefire and failsafe to the build's start time); absent when a test runs outside Maven.
     */
    static final String TEST_RUN = System.getProperty("huying.test-run", "");
    private static final String RUN_MARKER = "test-run";

    private static volatile boolean checked;

    private LocalInfra() {
    }

    /** Starts PostgreSQL, Keycloak and the tests' Kafka node once per JVM if they do not answer. */
    public static synchronized void ensureRunning() {
        if (checked) {
            return;
        }
        if (!(answers(PG_HOST + ":" + PG_PORT) && answers(KEYCLOAK.replace("http://", "")))) {
            launcher(List.of("infra", "up"), 600);
        }
        ensureTestKafka();
        checked = true;
    }

    /** When this Maven run started (UTC, from {@link #TEST_RUN}); empty outside Maven. */
    public static Optional<Instant> testRunStart() {
        if (TEST_RUN.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(LocalDateTime.parse(TEST_RUN, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS")).toInstant(ZoneOffset.UTC));
    }

    /**
     * The tests' Kafka node, empty at the first use in a Maven run: a node started by an earlier run is
     * wiped and started again; later modules of the same run find the marker and keep it.
     */
    private static void ensureTestKafka() {
        Path marker = TEST_KAFKA.directory().resolve(RUN_MARKER);
        try {
            boolean thisRun = !TEST_RUN.isEmpty() && Files.exists(marker) && Files.readString(marker).equals(TEST_RUN);
            if (thisRun && TEST_KAFKA.isUp()) {
                return;
            }
            if (thisRun || TEST_RUN.isEmpty()) {
                // Stopped by a test of this run (or outside Maven): start it again with what it holds.
                if (!TEST_KAFKA.isUp()) {
                    TEST_KAFKA.start();
                }
                return;
            }
            TEST_KAFKA.startEmpty();
            Files.writeString(marker, TEST_RUN);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write " + marker, e);
        }
    }

    /** Runs {@code deploy/local/huying <args>} from the repository root; fails with its output's location. */
    public static void launcher(List<String> args, long timeoutSeconds) {
        Path root = repositoryRoot();
        Path log = root.resolve("deploy/local/.run/logs/tests-launcher.log");
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("deploy/local/huying").toString()));
            command.addAll(args);
            Process process = new ProcessBuilder(command).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("deploy/local/huying " + String.join(" ", args) + " did not finish in "
                        + timeoutSeconds + " s; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("deploy/local/huying " + String.join(" ", args) + " failed (exit "
                        + process.exitValue() + "); see " + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run deploy/local/huying", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates the database if it does not exist. */
    public static void ensureDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres");
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("create database " + name);
                    }
                }
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) {
                throw new IllegalStateException("cannot create database " + name, e);
            }
        }
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
    }

    /** The single number a query returns, e.g. {@code select count(*) from calls where address = ?}. */
    public static long queryLong(String database, String sql, Object... parameters) {
        return query(database, sql, parameters, rs -> rs.getLong(1));
    }

    /** The single text a query returns (null for SQL null), e.g. {@code select status from calls where id = ?}. */
    public static String queryString(String database, String sql, Object... parameters) {
        return query(database, sql, parameters, rs -> rs.getString(1));
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> T query(String database, String sql, Object[] parameters, Column<T> column) {
        try (Connection c = connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return column.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static boolean answers(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1).replaceAll("/.*", ""));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A secret of this checkout's local demo ({@code HUYING_GATEWAY_SECRET}, …): from the environment
     * (the launcher exports them to the tests it runs), else from {@code deploy/local/.run/secrets.env},
     * which the launcher generated when it started the infrastructure.
     */
    public static String secret(String name) {
        String value = System.getenv(name);
        if (value != null && !value.isBlank()) {
            return value;
        }
        Path file = repositoryRoot().resolve("deploy/local/.run/secrets.env");
        try {
            for (String line : java.nio.file.Files.readAllLines(file)) {
                if (line.startsWith(name + "=")) {
                    return line.substring(name.length() + 1).trim();
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no " + name + ": " + file + " cannot be read (deploy/local/huying infra up writes it)", e);
        }
        throw new IllegalStateException("no " + name + " in " + file);
    }

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/local/huying"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (deploy/local/huying) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
