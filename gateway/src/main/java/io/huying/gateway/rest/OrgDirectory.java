package io.huying.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.reference.OrgTree;
import io.huying.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The units of the org tree in force, by path, for naming the caller's units in {@code GET /api/me}. Intake owns the
 * tree (an administrator may add a grid at any time): it is read from intake's {@code GET /api/org} with the caller's
 * token at most every 30 s; until the first answer, or while intake does not answer, the tree shipped with the build
 * (or the last one read) names them.
 */
@ApplicationScoped
public class OrgDirectory {
    private static final Duration FRESH = Duration.ofSeconds(30);

    private record Held(Map<String, OrgUnitView> units, Instant readAt) {
    }

    private final HttpClient client;
    private final URI intake;
    private final ObjectMapper json;
    private volatile Held held;

    public OrgDirectory(Vertx vertx, GatewayConfig config, ObjectMapper json) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000).setIdleTimeout(30));
        this.intake = URI.create(config.services().get("intake"));
        this.json = json;
        Map<String, OrgUnitView> shipped = new HashMap<>();
        OrgTree.load().units().forEach(u -> shipped.put(u.path(), OrgUnitView.of(u)));
        this.held = new Held(Map.copyOf(shipped), Instant.EPOCH);
    }

    /** The units by path, read again from intake when what is held is older than 30 s. */
    public Uni<Map<String, OrgUnitView>> units(String token) {
        Held now = held;
        if (token == null || now.readAt().plus(FRESH).isAfter(Instant.now())) {
            return Uni.createFrom().item(now.units());
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(intake.getHost())
                .setPort(intake.getPort() < 0 ? 80 : intake.getPort()).setURI("/api/org").setTimeout(5_000)
                .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "application/json");
        return Uni.createFrom().completionStage(() -> client.request(request)
                        .compose(r -> r.send())
                        .compose(response -> response.statusCode() == 200 ? response.body()
                                : io.vertx.core.Future.failedFuture("intake answered HTTP " + response.statusCode()))
                        .toCompletionStage())
                .map(body -> {
                    Map<String, OrgUnitView> units = new HashMap<>();
                    walk(readTree(body.toString()), units);
                    if (units.isEmpty()) {
                        throw new IllegalStateException("intake's org tree has no units");
                    }
                    Held read = new Held(Map.copyOf(units), Instant.now());
                    held = read;
                    return read.units();
                })
                .onFailure().recoverWithItem(e -> {
                    Log.debugf("the org tree could not be read from intake; the one held names the units: %s", e.getMessage());
                    return now.units();
                });
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("intake's org tree is not JSON", e);
        }
    }

    private static void walk(JsonNode unit, Map<String, OrgUnitView> units) {
        if (unit == null || !unit.hasNonNull("path")) {
            return;
        }
        String path = unit.path("path").asText();
        units.put(path, new OrgUnitView(path, unit.path("name").asText(path), unit.hasNonNull("nameEn") ? unit.get("nameEn").asText() : null,
                unit.hasNonNull("level") ? unit.get("level").asText() : null, null));
        unit.path("children").forEach(child -> walk(child, units));
    }
}
