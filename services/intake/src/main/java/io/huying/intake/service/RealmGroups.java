package io.huying.intake.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import io.huying.intake.RealmGroupsStatus;
import io.huying.intake.config.DirectoryConfig;
import io.huying.platform.reference.HeldReference;
import io.huying.platform.reference.Organisation;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the Keycloak realm's groups in step with the org tree in force, through Keycloak's admin API with the
 * service account of {@link DirectoryConfig#clientId()}: a unit without its group gets one (under its parent's), a
 * group whose attributes (name, nameEn, code, level) differ from its unit's is rewritten. A group is never removed —
 * its members and the calls of its unit outlive any change — and a group no unit names is left alone. Runs after
 * each version is taken, and every ten minutes (a failed run — Keycloak down — is simply run again); one run at a
 * time, on its own thread. Every instance may run it: a run only writes what differs.
 */
@ApplicationScoped
public class RealmGroups {
    private static final List<String> ATTRIBUTES = List.of("name", "nameEn", "code", "level");

    private final Organisation organisation;
    private final DirectoryConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final String realmUrl;
    private final String adminUrl;
    private final HttpClient http;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "huying-realm-groups");
        t.setDaemon(true);
        return t;
    });
    private volatile RealmGroupsStatus status;

    public RealmGroups(Organisation organisation, DirectoryConfig config, ObjectMapper json, Clock clock,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl) {
        this.organisation = organisation;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.realmUrl = realmUrl.replaceAll("/+$", "");
        int at = this.realmUrl.lastIndexOf("/realms/");
        this.adminUrl = this.realmUrl.substring(0, at) + "/admin" + this.realmUrl.substring(at);
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
        this.status = new RealmGroupsStatus(0, null, 0, 0, config.enabled() ? "not run yet" : "off (huying.directory.enabled=false)");
    }

    public RealmGroupsStatus status() {
        return status;
    }

    /** Makes the realm's groups match the tree in force, after the runs asked for before; the run's status. */
    public CompletableFuture<RealmGroupsStatus> sync() {
        if (!config.enabled()) {
            return CompletableFuture.completedFuture(status);
        }
        return CompletableFuture.supplyAsync(this::run, runner);
    }

    @Scheduled(every = "${huying.directory.check-every:10m}", delayed = "${huying.directory.first-check:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() {
        sync();
    }

    void onStop(@Observes ShutdownEvent event) {
        runner.shutdownNow();
    }

    private RealmGroupsStatus run() {
        HeldReference.Version<OrgTree> tree = organisation.inForce();
        RealmGroupsStatus done;
        try {
            String token = token();
            int[] written = {0, 0};
            Map<String, String> ids = new HashMap<>();
            List<OrgUnit> topDown = tree.document().units().stream()
                    .sorted(Comparator.comparingInt((OrgUnit u) -> u.path().split("/").length).thenComparing(OrgUnit::path)).toList();
            for (OrgUnit unit : topDown) {
                ids.put(unit.path(), keep(token, unit, ids, written));
            }
            done = new RealmGroupsStatus(tree.revision(), clock.instant(), written[0], written[1], null);
            if (written[0] + written[1] > 0) {
                Log.infof("realm groups in step with org tree revision %d: %d created, %d updated", tree.revision(), written[0], written[1]);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            done = new RealmGroupsStatus(status.revision(), clock.instant(), 0, 0, "org tree revision " + tree.revision() + " not yet in the realm: "
                    + e.getMessage());
            Log.warnf("the realm's groups could not be brought in step with org tree revision %d (tried again later): %s", tree.revision(),
                    e.getMessage());
        }
        status = done;
        return done;
    }

    /** The id of {@code unit}'s group, created or rewritten when it differs. */
    private String keep(String token, OrgUnit unit, Map<String, String> ids, int[] written) throws IOException, InterruptedException {
        HttpResponse<String> found = send(token, HttpRequest.newBuilder(URI.create(adminUrl + "/group-by-path" + unit.path())).GET(), 200, 404);
        Map<String, List<String>> wanted = attributes(unit);
        String segment = unit.path().substring(unit.path().lastIndexOf('/') + 1);
        if (found.statusCode() == 404) {
            int slash = unit.path().lastIndexOf('/');
            String parent = slash == 0 ? null : ids.get(unit.path().substring(0, slash));
            if (slash != 0 && parent == null) {
                throw new IllegalStateException("no group for the parent of " + unit.path());
            }
            ObjectNode body = json.createObjectNode().put("name", segment);
            body.set("attributes", json.valueToTree(wanted));
            String url = parent == null ? adminUrl + "/groups" : adminUrl + "/groups/" + parent + "/children";
            HttpResponse<String> created = send(token, HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())), 201);
            written[0]++;
            String location = created.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException("no Location for " + unit.path()));
            return location.substring(location.lastIndexOf('/') + 1);
        }
        JsonNode group = json.readTree(found.body());
        Map<String, List<String>> has = new LinkedHashMap<>();
        group.path("attributes").fields().forEachRemaining(e -> has.put(e.getKey(), json.convertValue(e.getValue(),
                json.getTypeFactory().constructCollectionType(List.class, String.class))));
        boolean same = ATTRIBUTES.stream().allMatch(k -> Objects.equals(has.get(k), wanted.get(k)));
        String id = group.path("id").asText();
        if (!same) {
            Map<String, List<String>> merged = new LinkedHashMap<>(has);
            ATTRIBUTES.forEach(merged::remove);
            merged.putAll(wanted);
            ObjectNode body = json.createObjectNode().put("name", group.path("name").asText(segment));
            body.set("attributes", json.valueToTree(merged));
            send(token, HttpRequest.newBuilder(URI.create(adminUrl + "/groups/" + id)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body.toString())), 204);
            written[1]++;
        }
        return id;
    }

    private static Map<String, List<String>> attributes(OrgUnit unit) {
        Map<String, List<String>> a = new LinkedHashMap<>();
        a.put("name", List.of(unit.name()));
        if (unit.nameEn() != null) {
            a.put("nameEn", List.of(unit.nameEn()));
        }
        a.put("code", List.of(unit.code()));
        a.put("level", List.of(unit.level().name()));
        return a;
    }

    private String token() throws IOException, InterruptedException {
        String secret = config.clientSecret().orElseThrow(() -> new IllegalStateException(
                "no client secret for " + config.clientId() + " (huying.directory.client-secret, HUYING_DIRECTORY_SECRET)"));
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(config.clientId(), StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token to " + config.clientId() + ": HTTP " + answer.statusCode());
        }
        return json.readTree(answer.body()).path("access_token").asText();
    }

    private HttpResponse<String> send(String token, HttpRequest.Builder request, int... expected) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request.timeout(config.requestTimeout()).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        for (int code : expected) {
            if (answer.statusCode() == code) {
                return answer;
            }
        }
        throw new IllegalStateException(answer.request().method() + " " + answer.uri().getPath() + " answered HTTP " + answer.statusCode());
    }
}
