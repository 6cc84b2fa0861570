package io.huying.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * This checkout's local stack as {@code deploy/local/huying} runs it: its state directory
 * ({@code deploy/local/.run}), the processes it started (pid files), the services' databases
 * ({@code deploy/local/services.conf}) and the demo's secrets. Harnesses run from the repository root
 * ({@code ./mvnw -pl benchmarks exec:java}) or from {@code benchmarks/}.
 */
final class LocalStack {
    private LocalStack() {
    }

    static Path root() {
        for (String candidate : new String[] {".", ".."}) {
            Path root = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isRegularFile(root.resolve("deploy/local/huying"))) {
                return root;
            }
        }
        throw new IllegalStateException("deploy/local/huying not found from " + Path.of("").toAbsolutePath()
                + ": run from the repository root or benchmarks/");
    }

    private static Path runDirectory() {
        return root().resolve("deploy/local/.run");
    }

    /** A secret: the environment's, else the one the launcher generated into deploy/local/.run/secrets.env. */
    static Optional<String> secret(String name) {
        String value = System.getenv(name);
        if (value != null && !value.isBlank()) {
            return Optional.of(value);
        }
        try {
            return Files.readAllLines(runDirectory().resolve("secrets.env")).stream()
                    .filter(line -> line.startsWith(name + "="))
                    .map(line -> line.substring(name.length() + 1).trim())
                    .findFirst();
        } catch (IOException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** The services the launcher starts, in services.conf's order: name → database. */
    static Map<String, String> services() throws IOException {
        Map<String, String> services = new LinkedHashMap<>();
        for (String line : Files.readAllLines(root().resolve("deploy/local/services.conf"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 3 && !fields[0].startsWith("#")) {
                services.put(fields[0], fields[2]);
            }
        }
        return services;
    }

    /**
     * The processes of the stack that the launcher (and benchmarks/reference/run) started and that still
     * run: name → pid, from deploy/local/.run/pids. As the launcher's {@code pid_of} reads them: a file
     * holds "PID TOKEN", and the process counts only while TOKEN is in its command line, so a recycled pid
     * is never taken for one of ours. Names as {@code huying status} prints them (svc-intake is intake,
     * kafka-main is kafka); the tests' private brokers ({@code huying kafka-node}, kafka-NAME) are not
     * the stack and are left out.
     */
    static Map<String, Long> processes() throws IOException {
        Map<String, Long> processes = new TreeMap<>();
        Path pids = runDirectory().resolve("pids");
        if (!Files.isDirectory(pids)) {
            return processes;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pids, "*.pid")) {
            for (Path file : files) {
                String[] fields = Files.readString(file).trim().split("\\s+", 2);
                String name = displayName(file.getFileName().toString().replaceFirst("\\.pid$", ""));
                if (!name.startsWith("kafka-") && fields.length == 2 && fields[0].matches("[0-9]+")
                        && commandLine(fields[0]).contains(fields[1])) {
                    processes.put(name, Long.parseLong(fields[0]));
                }
            }
        }
        return processes;
    }

    private static String displayName(String pidFileName) {
        return pidFileName.equals("kafka-main") ? "kafka" : pidFileName.replaceFirst("^svc-", "");
    }

    private static String commandLine(String pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // gone
        }
    }
}
