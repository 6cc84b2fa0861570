package io.huying.gateway;

import io.huying.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's peer in the tests: a real HTTP server standing in for every service's base URL.
 * It answers with what reached it (method, path, Authorization, Cookie, body length), and on
 * {@code …/stream} with a Server-Sent Events stream that sends one event at once and then stays
 * open, so a test sees whether the gateway buffers; on {@code …/slow} it answers after {@link #SLOW_MS};
 * on {@code …/stalled} never; on {@code …/count/<name>} with how many requests to that path reached it
 * so far, this one included; on {@code /slow-in-flight} (asked directly) with how many {@code …/slow}
 * requests it holds.
 */
public class EchoServices implements QuarkusTestResourceLifecycleManager {
    /** How long {@code …/slow} takes to answer. */
    static final long SLOW_MS = 1_000;
    /** The gateway's connections to each service in the tests: few, so a leak shows at once. */
    static final int POOL_SIZE = 4;
    /** How long the gateway waits for a service's answer in the tests. */
    static final long UPSTREAM_TIMEOUT_S = 3;
    /** Requests that reached the service on {@code …/count/<name>}, by name. */
    private static final Map<String, Integer> HITS = new ConcurrentHashMap<>();
    private static final AtomicInteger SLOW_IN_FLIGHT = new AtomicInteger();

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        LocalInfra.ensureRunning();
        LocalInfra.ensureDatabase("gateway_test");
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().endsWith("/stream")) {
                request.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
                        .write("event: hello\ndata: {\"n\":1}\n\n");
                vertx.setTimer(15_000, t -> request.response().end("event: bye\ndata: {\"n\":2}\n\n"));
                return;
            }
            if (request.path().endsWith("/stalled")) {
                // A service that takes the request and never answers.
                return;
            }
            if (request.path().contains("/count/")) {
                int hits = HITS.merge(request.path().substring(request.path().indexOf("/count/") + 7), 1, Integer::sum);
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("hits", hits).encode());
                return;
            }
            if (request.path().endsWith("/slow")) {
                // A service that takes a while: the callers in the test give up before it answers.
                SLOW_IN_FLIGHT.incrementAndGet();
                vertx.setTimer(SLOW_MS, t -> {
                    SLOW_IN_FLIGHT.decrementAndGet();
                    request.response().putHeader("Content-Type", "application/json").end("{\"slow\":true}");
                });
                return;
            }
            if (request.path().equals("/slow-in-flight")) {
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("slow", SLOW_IN_FLIGHT.get()).encode());
                return;
            }
            request.body().onSuccess(body -> {
                JsonObject echo = new JsonObject()
                        .put("method", request.method().name())
                        .put("uri", request.uri())
                        .put("authorization", request.getHeader("Authorization"))
                        .put("cookie", request.getHeader("Cookie"))
                        .put("xsrf", request.getHeader("X-XSRF-TOKEN"))
                        .put("bodyLength", body.length());
                request.response().putHeader("Content-Type", "application/json").end(echo.encode());
            });
        });
        int port;
        try {
            port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("the echo server did not start", e);
        }
        Map<String, String> config = new HashMap<>();
        for (String service : new String[] {"intake", "dispatch", "response", "feedback", "sla", "notify"}) {
            config.put("huying.gateway.services." + service, "http://127.0.0.1:" + port);
        }
        config.put("quarkus.oidc.auth-server-url", LocalInfra.REALM_URL);
        config.put("quarkus.oidc.credentials.secret", LocalInfra.secret("HUYING_GATEWAY_SECRET"));
        config.put("quarkus.oidc.authentication.state-secret", LocalInfra.secret("HUYING_GATEWAY_STATE_SECRET"));
        config.put("huying.gateway.proxy.pool-size", String.valueOf(POOL_SIZE));
        // Longer than the upstream timeout, as in production (60 s against 30 s): equal, the connection's idle
        // timeout and the request's raced, and a stalled service was now and then a 502 instead of a 504.
        config.put("huying.gateway.proxy.idle-timeout", 2 * UPSTREAM_TIMEOUT_S + "S");
        config.put("huying.gateway.proxy.upstream-timeout", UPSTREAM_TIMEOUT_S + "S");
        return config;
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
