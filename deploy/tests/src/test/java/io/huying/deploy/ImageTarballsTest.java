package io.huying.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The container images of the {@code images} profile (root pom), read from their tarballs as a container runtime
 * loads them: {@code <module>/target/<component>-image.tar} in {@code docker save} format (manifest.json, the image
 * config, the layers). Each runs its application as uid 185 with the memory flags, listens on 8080 on every
 * interface, checks its own readiness, and sits on the JRE of {@code deploy/images/make-base-image.sh}; and it is
 * what the Helm chart deploys (name, user, port). Only where the images were built: {@code -Pimages} sets
 * {@code huying.images}.
 */
class ImageTarballsTest {
    static final Path ROOT = Path.of(System.getProperty("huying.root", "../..")).toAbsolutePath().normalize();
    /** Where the images profile has deploy/images/make-base-image.sh write the base (root pom: huying.images.dir). */
    static final Path BASE_IMAGE = ROOT.resolve("target/images/jre17-base.tar");
    /** The memory flags of the local stack (deploy/local/huying), with the heap sized from the container's limit. */
    static final List<String> MEMORY_FLAGS = List.of("-XX:+UseG1GC", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError",
            "-XX:G1PeriodicGCInterval=120000", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss512k",
            "-XX:ReservedCodeCacheSize=128m", "-XX:-UsePerfData");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, Image> READ = new ConcurrentHashMap<>();
    private static String version;

    @BeforeAll
    static void onlyWhenTheImagesWereBuilt() {
        assumeTrue(Boolean.getBoolean("huying.images"), "the images are built in the images profile only (-Pimages)");
        version = Objects.requireNonNull(System.getProperty("huying.version"), "system property huying.version (the project's version)");
    }

    static List<String> components() {
        return HelmChartTest.COMPONENTS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void theImageRunsTheApplicationAsUser185WithTheMemoryFlagsOnPort8080(String component) {
        Image image = image(component);
        assertThat(image.repoTags()).as("RepoTags of %s", component).containsExactly("huying/" + component + ":" + version);
        JsonNode config = image.config().path("config");
        assertThat(config.path("User").asText()).as("user of %s", component).isEqualTo("185");
        assertThat(config.path("WorkingDir").asText()).as("working directory of %s", component).isEqualTo("/home/jboss");
        List<String> entrypoint = strings(config.path("Entrypoint"));
        assertThat(entrypoint).as("entrypoint of %s", component)
                .startsWith("java")
                .endsWith("-jar", "quarkus-run.jar")
                .containsAll(MEMORY_FLAGS)
                // Quarkus' own default stays: jvm-additional-arguments adds to it.
                .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        assertThat(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull()).as("no Cmd in %s", component).isTrue();
        assertThat(fieldNames(config.path("ExposedPorts"))).as("exposed ports of %s", component).containsExactly("8080/tcp");
        assertThat(strings(config.path("Env"))).as("environment of %s", component)
                .contains("QUARKUS_HTTP_HOST=0.0.0.0", "QUARKUS_HTTP_PORT=8080", "MALLOC_ARENA_MAX=2", "JAVA_HOME=/opt/java", "LANG=C.UTF-8")
                .anySatisfy(env -> assertThat(env).startsWith("PATH=/opt/java/bin:"));
        List<String> healthcheck = strings(config.path("Healthcheck").path("Test"));
        assertThat(healthcheck).as("healthcheck of %s", component).startsWith("CMD", "bash", "-c");
        assertThat(healthcheck.get(healthcheck.size() - 1)).contains("/q/health/ready", "${QUARKUS_HTTP_PORT:-8080}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void theImageIsTheBaseImagesJreWithTheApplicationOnTop(String component) {
        Image image = image(component);
        Image base = read(BASE_IMAGE);
        List<String> diffIds = strings(image.config().path("rootfs").path("diff_ids"));
        // What a runtime checks on load: one diff_id per layer, each the digest of the layer's uncompressed tar.
        assertThat(image.layers().stream().map(Layer::diffId).toList()).as("layer digests of %s", component).isEqualTo(diffIds);
        assertThat(base.layers()).hasSize(1);
        assertThat(diffIds.get(0)).as("first layer of %s", component).isEqualTo(base.layers().get(0).diffId());
        assertThat(image.config().path("config").path("Labels").path("io.huying.java.runtime-version").asText())
                .as("the base image's label in %s", component).isNotBlank();

        Map<String, TarArchiveEntry> files = image.files();
        assertThat(files).as("files of %s", component).containsKeys("opt/java/bin/java", "bin/bash", "etc/passwd",
                "home/jboss/quarkus-run.jar", "home/jboss/quarkus/quarkus-application.dat",
                "home/jboss/app/huying-" + component + "-" + version + ".jar");
        assertThat(files.keySet()).as("libraries of %s", component).anyMatch(path -> path.startsWith("home/jboss/lib/main/"));
        assertThat(image.text("etc/passwd")).contains("jboss:x:185:");
        // The working directory is the user's; the application's files are root's, so the process cannot change them.
        assertThat(files.get("home/jboss").getLongUserId()).as("owner of /home/jboss in %s", component).isEqualTo(185);
        TarArchiveEntry runner = files.get("home/jboss/quarkus-run.jar");
        assertThat(runner.getLongUserId()).as("owner of quarkus-run.jar in %s", component).isZero();
        assertThat(runner.getMode() & 0022).as("group/other write bits of quarkus-run.jar in %s", component).isZero();
    }

    @Test
    void theChartDeploysTheseImagesAsTheirUserOnTheirExposedPort() {
        List<HasMetadata> manifests = HelmChartTest.render(Map.of("global.image.tag", version));
        List<Deployment> deployments = HelmChartTest.of(manifests, Deployment.class);
        assertThat(deployments).hasSize(HelmChartTest.COMPONENTS.size());
        for (String component : HelmChartTest.COMPONENTS) {
            Image image = image(component);
            JsonNode config = image.config().path("config");
            Deployment deployment = deployments.stream().filter(d -> HelmChartTest.name(d).equals("huying-" + component)).findFirst().orElseThrow();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            assertThat(container.getImage()).as("image the chart deploys for %s", component).isEqualTo(image.repoTags().get(0));
            assertThat(pod.getSecurityContext().getRunAsUser()).as("runAsUser of %s", component)
                    .isEqualTo(Long.parseLong(config.path("User").asText()));
            assertThat(container.getPorts().stream().map(ContainerPort::getContainerPort).map(port -> port + "/tcp"))
                    .as("container ports of %s", component).containsExactlyElementsOf(fieldNames(config.path("ExposedPorts")));
        }
    }

    static Image image(String component) {
        String module = component.equals("gateway") ? "gateway" : "services/" + component;
        return read(ROOT.resolve(module).resolve("target").resolve(component + "-image.tar"));
    }

    static Image read(Path tarball) {
        assertThat(tarball).as("image tarball").isRegularFile();
        return READ.computeIfAbsent(tarball, path -> {
            try {
                return Image.read(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A {@code docker save} tarball: its repository tags, its config and its layers in the manifest's order. */
    record Image(List<String> repoTags, JsonNode config, List<Layer> layers) {
        static Image read(Path tarball) throws IOException {
            Map<String, byte[]> json = new HashMap<>();
            Map<String, Layer> layers = new HashMap<>();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    if (entry.getName().endsWith(".json")) {
                        json.put(entry.getName(), tar.readAllBytes());
                    } else if (entry.isFile()) {
                        layers.put(entry.getName(), Layer.read(tar));
                    }
                }
            }
            assertThat(json).as("files of %s", tarball).containsKey("manifest.json");
            JsonNode manifest = JSON.readTree(json.get("manifest.json"));
            assertThat(manifest.size()).as("images in %s", tarball).isEqualTo(1);
            String configFile = manifest.get(0).path("Config").asText();
            assertThat(json).as("files of %s", tarball).containsKey(configFile);
            List<String> layerFiles = strings(manifest.get(0).path("Layers"));
            assertThat(layers).as("layers of %s", tarball).containsKeys(layerFiles.toArray(String[]::new));
            return new Image(strings(manifest.get(0).path("RepoTags")), JSON.readTree(json.get(configFile)),
                    layerFiles.stream().map(layers::get).toList());
        }

        /** The file system a container starts with: each path as the last layer holding it left it. */
        Map<String, TarArchiveEntry> files() {
            Map<String, TarArchiveEntry> files = new LinkedHashMap<>();
            layers.forEach(layer -> files.putAll(layer.entries()));
            return files;
        }

        String text(String path) {
            String text = null;
            for (Layer layer : layers) {
                text = layer.texts().getOrDefault(path, text);
            }
            return text;
        }
    }

    /** A layer: the sha256 of its uncompressed tar (what diff_ids name), its entries by path, and /etc/passwd's text. */
    record Layer(String diffId, Map<String, TarArchiveEntry> entries, Map<String, String> texts) {
        static Layer read(InputStream stored) throws IOException {
            MessageDigest sha256;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            // Jib writes gzipped layers; a `docker save` base has plain ones.
            BufferedInputStream buffered = new BufferedInputStream(stored);
            buffered.mark(2);
            boolean gzipped = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            DigestInputStream content = new DigestInputStream(gzipped ? new GZIPInputStream(buffered) : buffered, sha256);
            Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
            Map<String, String> texts = new HashMap<>();
            // Not closed: that would close the image tarball it is read from.
            TarArchiveInputStream tar = new TarArchiveInputStream(content);
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String path = path(entry.getName());
                entries.put(path, entry);
                if (path.equals("etc/passwd")) {
                    texts.put(path, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            // The digest covers the whole stream, the tar's end-of-archive padding included.
            byte[] rest = new byte[8192];
            while (content.read(rest) != -1) {
                // drained into the digest
            }
            return new Layer("sha256:" + HexFormat.of().formatHex(sha256.digest()), entries, texts);
        }
    }

    /** "./home/jboss/", "/home/jboss" and "home/jboss" are the same path. */
    static String path(String name) {
        String path = name.startsWith("./") ? name.substring(2) : name.startsWith("/") ? name.substring(1) : name;
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(node -> strings.add(node.asText()));
        return strings;
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
