package io.huying.gateway.proxy;

import io.huying.contracts.problem.Problem;
import io.huying.gateway.config.GatewayConfig;
import io.huying.gateway.rest.Problems;
import io.huying.gateway.security.ApiGate;
import io.huying.gateway.security.EdgeHeaders;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code /api/**} reverse-proxied to the service that owns it (Vert.x HTTP proxy: bodies and
 * Server-Sent Events stream through unbuffered), with the caller's access token relayed as
 * {@code Authorization: Bearer}; the services validate it again. Each service's OpenAPI document
 * is public at {@code /openapi/<service>} for the documentation page.
 */
@ApplicationScoped
public class ServiceRoutes {
    /** Path pattern → service, in the order DESIGN §4 gives ownership. */
    static final Map<String, String> ROUTES = routes();

    private final Vertx vertx;
    private final GatewayConfig config;

    public ServiceRoutes(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    private static Map<String, String> routes() {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("^/api/(calls|categories|admin/timeline)(/.*)?$", "intake");
        routes.put("^/api/dispatch(/.*)?$", "dispatch");
        routes.put("^/api/tasks(/.*)?$", "response");
        routes.put("^/api/verifications(/.*)?$", "feedback");
        routes.put("^/api/sla(/.*)?$", "sla");
        routes.put("^/api/notifications(/.*)?$", "notify");
        return routes;
    }

    void install(@Observes Router router) {
        GatewayConfig.Proxy pool = config.proxy();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setConnectTimeout(2_000)
                        .setTcpNoDelay(true)
                        .setIdleTimeout((int) pool.idleTimeout().toMillis())
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS),
                new PoolOptions().setHttp1MaxSize(pool.poolSize()).setMaxWaitQueueSize(pool.maxWaiting()));
        Map<String, HttpProxy> proxies = new LinkedHashMap<>();
        config.services().forEach((service, url) -> proxies.put(service, proxyTo(client, service, URI.create(url), config.limits())));
        ROUTES.forEach((pattern, service) -> {
            HttpProxy proxy = proxies.get(service);
            if (proxy == null) {
                throw new IllegalStateException("no base URL for service " + service + " (huying.gateway.services." + service + ")");
            }
            router.routeWithRegex(pattern).order(ApiGateOrder.PROXY).handler(rc -> relay(rc, proxy));
        });
        proxies.forEach((service, proxy) -> router.route("/openapi/" + service).order(ApiGateOrder.PROXY).handler(rc -> {
            MultiMap headers = rc.request().headers();
            headers.remove("Authorization").remove("Cookie");
            proxy.handle(rc.request());
        }));
        // An /api path no route owns: 404 problem+json (not the console's index.html).
        router.routeWithRegex("^/api(/.*)?$").order(ApiGateOrder.API_FALLBACK).handler(rc ->
                Problems.send(rc, Problem.forStatus(404, "Not Found", "no API at " + rc.normalizedPath())));
    }

    private void relay(RoutingContext rc, HttpProxy proxy) {
        String token = rc.get(ApiGate.ACCESS_TOKEN);
        MultiMap headers = rc.request().headers();
        // The session cookie and the CSRF pair stay at the edge; the services see only the token.
        headers.remove("Cookie").remove(EdgeHeaders.XSRF_HEADER);
        headers.set("Authorization", "Bearer " + token);
        headers.set("X-Forwarded-Proto", rc.request().scheme());
        headers.set("X-Forwarded-Host", rc.request().authority() == null ? "" : rc.request().authority().toString());
        proxy.handle(rc.request());
    }

    private static HttpProxy proxyTo(HttpClient client, String service, URI base, GatewayConfig.Limits limits) {
        int port = base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
        HttpProxy proxy = HttpProxy.reverseProxy(client).origin(port, base.getHost());
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                ProxyRequest request = context.request();
                if (request.getURI().startsWith("/openapi/")) {
                    request.setURI("/q/openapi?format=json");
                }
                Body body = request.getBody();
                if (body == null || body.length() >= 0) {
                    // No body, or one whose declared length ApiGate has checked.
                    return context.sendRequest().onFailure(e -> Log.warnf("%s unreachable at %s: %s", service, base, e.getMessage()));
                }
                long limit = request.proxiedRequest().path().endsWith("/attachments") ? limits.maxUploadBytes() : limits.maxJsonBytes();
                BoundedBody bounded = new BoundedBody(body.stream(), limit);
                request.setBody(Body.body(bounded, -1));
                return context.sendRequest()
                        .recover(e -> bounded.exceeded() ? Future.succeededFuture(tooLarge(request, limit)) : Future.failedFuture(e))
                        .map(response -> bounded.exceeded() ? tooLarge(request, limit) : response);
            }

            @Override
            public Future<Void> handleProxyResponse(ProxyContext context) {
                // The service's own cookies, if any, are not the browser's business.
                context.response().headers().remove("Set-Cookie");
                return context.sendResponse();
            }
        });
        return proxy;
    }

    private static ProxyResponse tooLarge(ProxyRequest request, long limit) {
        Problem problem = Problem.payloadTooLarge("the request body is larger than " + limit + " bytes")
                .withInstance(request.proxiedRequest().path());
        return request.response()
                .setStatusCode(413)
                .setStatusMessage("Payload Too Large")
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .setBody(Body.body(Problems.encode(problem)));
    }

    /** Route orders: after ApiGate, before Quarkus REST (10 000) and the console's SPA fallback. */
    static final class ApiGateOrder {
        static final int PROXY = 1_000;
        static final int API_FALLBACK = 30_000;

        private ApiGateOrder() {
        }
    }
}
