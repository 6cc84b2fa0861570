package io.huying.gateway.proxy;

import io.huying.contracts.problem.Problem;
import io.huying.gateway.config.GatewayConfig;
import io.huying.gateway.rest.Problems;
import io.huying.gateway.security.ApiGate;
import io.huying.gateway.security.EdgeHeaders;
import io.huying.gateway.security.TokenBuckets;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    private final TokenBuckets buckets;

    public ServiceRoutes(Vertx vertx, GatewayConfig config, TokenBuckets buckets) {
        this.vertx = vertx;
        this.config = config;
        this.buckets = buckets;
    }

    private static Map<String, String> routes() {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("^/api/(calls|categories|org|integrations|admin/timeline)(/.*)?$", "intake");
        routes.put("^/api/dispatch(/.*)?$", "dispatch");
        routes.put("^/api/tasks(/.*)?$", "response");
        routes.put("^/api/verifications(/.*)?$", "feedback");
        routes.put("^/api/sla(/.*)?$", "sla");
        routes.put("^/api/notifications(/.*)?$", "notify");
        // The system administrator's plumbing: dead letters of every topic at the SLA engine, each
        // service's parked outbox rows and consumers at that service.
        routes.put("^/api/admin/dead-letters(/.*)?$", "sla");
        for (String service : List.of("intake", "dispatch", "response", "feedback", "sla", "notify")) {
            routes.put("^/api/admin/services/" + service + "(/.*)?$", service);
        }
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
        config.services().forEach((service, url) -> proxies.put(service, proxyTo(client, service, URI.create(url), config.limits(),
                pool.upstreamTimeout().toMillis())));
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
            withoutCallersTrace(headers);
            proxy.handle(rc.request());
        }));
        // Open311 GeoReport v2 (DESIGN §7) as the spec has it: no login. Intake checks a client's api_key
        // itself and shows anonymous readers only what came in through Open311.
        HttpProxy intake = proxies.get("intake");
        router.routeWithRegex("^/open311(/.*)?$").order(ApiGateOrder.PROXY).handler(rc -> open311(rc, intake));
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
        withoutCallersTrace(headers);
        proxy.handle(rc.request());
    }

    /**
     * An Open311 request: its body within the JSON limit, at most the per-user rate for each client
     * address (the token bucket of {@code open311:<address>}), then on to intake with no cookie and no
     * token. Refusals are Open311's error list, in the format the path asks for.
     */
    private void open311(RoutingContext rc, HttpProxy intake) {
        HttpServerRequest request = rc.request();
        request.pause();
        String length = request.getHeader("Content-Length");
        long limit = config.limits().maxJsonBytes();
        if (length != null && length.trim().matches("[0-9]{1,18}") && Long.parseLong(length.trim()) > limit) {
            rc.response().putHeader("Connection", "close");
            open311Error(rc, 413, "the request body is larger than " + limit + " bytes");
            return;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        String address = forwarded != null && !forwarded.isBlank() ? forwarded.split(",")[0].trim()
                : request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        long retryAfter = buckets.take("open311:" + address);
        if (retryAfter > 0) {
            rc.response().putHeader("Retry-After", Long.toString(retryAfter));
            open311Error(rc, 429, "too many requests from " + address + "; retry in " + retryAfter + " s");
            return;
        }
        MultiMap headers = request.headers();
        headers.remove("Authorization").remove("Cookie").remove(EdgeHeaders.XSRF_HEADER);
        headers.set("X-Forwarded-Proto", request.scheme());
        headers.set("X-Forwarded-Host", request.authority() == null ? "" : request.authority().toString());
        withoutCallersTrace(headers);
        intake.handle(request);
    }

    /** Open311's error list (GeoReport v2): JSON for a {@code .json} path, XML otherwise. */
    private static void open311Error(RoutingContext rc, int status, String description) {
        boolean json = rc.normalizedPath().endsWith(".json");
        String escaped = json ? description.replace("\\", "\\\\").replace("\"", "\\\"")
                : description.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        String body = json ? "[{\"code\":" + status + ",\"description\":\"" + escaped + "\"}]"
                : "<?xml version=\"1.0\" encoding=\"utf-8\"?><errors><error><code>" + status + "</code><description>" + escaped
                        + "</description></error></errors>";
        rc.response().setStatusCode(status).putHeader("Content-Type", json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8")
                .end(body);
    }

    /**
     * The caller's trace context goes: the gateway's server span already continues it, and the client
     * request to the service adds its own {@code traceparent} (a child of that span). Left in, the proxy
     * would copy the caller's too, and the service would read the first of the two and skip the gateway.
     */
    private static void withoutCallersTrace(MultiMap headers) {
        headers.remove("traceparent").remove("tracestate");
    }

    private static HttpProxy proxyTo(HttpClient client, String service, URI base, GatewayConfig.Limits limits, long upstreamTimeoutMs) {
        int port = base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
        SocketAddress server = SocketAddress.inetSocketAddress(port, base.getHost());
        HttpProxy proxy = HttpProxy.reverseProxy(client).origin(context -> openToService(context, server, upstreamTimeoutMs));
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                ProxyRequest request = context.request();
                HttpServerRequest caller = request.proxiedRequest();
                if (request.getURI().startsWith("/openapi/")) {
                    request.setURI("/q/openapi?format=json");
                }
                if (!carriesBody(caller)) {
                    // Nothing to stream: the service gets an empty body at once, and the end of the
                    // caller's request, held back since ApiGate paused it, is read and dropped.
                    request.setBody(null);
                    caller.resume();
                    return forward(context, service, null);
                }
                Body body = request.getBody();
                if (body.length() >= 0) {
                    // A body whose declared length ApiGate has checked.
                    return forward(context, service, null);
                }
                long limit = caller.path().endsWith("/attachments") ? limits.maxUploadBytes() : limits.maxJsonBytes();
                BoundedBody bounded = new BoundedBody(body.stream(), limit);
                request.setBody(Body.body(bounded, -1));
                return forward(context, service, bounded);
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

    /**
     * The request to the service, on a pooled connection. A caller who hung up while the request
     * waited for a connection is not forwarded (nobody would read the answer, and a change would be
     * made that its caller believes failed): the connection goes straight back to the pool. API
     * calls carry the upstream timeout; a live stream may stay quiet between heartbeats.
     */
    private static Future<HttpClientRequest> openToService(ProxyContext context, SocketAddress server, long upstreamTimeoutMs) {
        HttpServerRequest caller = context.request().proxiedRequest();
        if (caller.response().closed()) {
            return Future.failedFuture(new CallerGone());
        }
        RequestOptions options = new RequestOptions().setServer(server);
        if (!streaming(caller)) {
            options.setIdleTimeout(upstreamTimeoutMs);
        }
        return context.client().request(options).compose(request -> {
            // A failure (reset, timeout, closed connection) also fails the response, which forward() reports.
            request.exceptionHandler(ignored -> { });
            if (caller.response().closed()) {
                request.reset();
                return Future.failedFuture(new CallerGone());
            }
            return Future.succeededFuture(request);
        });
    }

    /**
     * Sends the request on; a service that cannot be reached or does not answer in time becomes a
     * 502 or 504 problem for the caller (the proxy's own answer would be an empty 502), a body cut
     * off at its limit a 413.
     */
    private static Future<ProxyResponse> forward(ProxyContext context, String service, BoundedBody bounded) {
        ProxyRequest request = context.request();
        return context.sendRequest().recover(e -> {
            if (e instanceof CallerGone) {
                return Future.failedFuture(e);
            }
            if (bounded != null && bounded.exceeded()) {
                return Future.succeededFuture(tooLarge(request, bounded.limit()));
            }
            boolean timedOut = e instanceof TimeoutException;
            Log.warnf("%s %s: %s", service, timedOut ? "did not answer in time" : "unreachable", e.getMessage());
            Problem problem = timedOut
                    ? Problem.of("service-timeout", "Gateway Timeout", 504, "the " + service + " service did not answer in time; try again shortly")
                    : Problem.of("service-unavailable", "Bad Gateway", 502, "the " + service + " service is not available; try again shortly");
            return Future.succeededFuture(problemResponse(request.release(), problem));
        }).map(response -> bounded != null && bounded.exceeded() ? tooLarge(request, bounded.limit()) : response);
    }

    /** Whether the caller's request has a body (RFC 9112 §6.3: a Content-Length other than 0, or a Transfer-Encoding). */
    private static boolean carriesBody(HttpServerRequest caller) {
        String length = caller.getHeader("Content-Length");
        return caller.getHeader("Transfer-Encoding") != null || (length != null && !"0".equals(length.trim()));
    }

    private static boolean streaming(HttpServerRequest caller) {
        String accept = caller.getHeader("Accept");
        return accept != null && accept.contains("text/event-stream");
    }

    private static ProxyResponse problemResponse(ProxyRequest request, Problem problem) {
        return request.response()
                .setStatusCode(problem.status())
                .setStatusMessage(problem.title())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .setBody(Body.body(Problems.encode(problem.withInstance(request.proxiedRequest().path()))));
    }

    private static ProxyResponse tooLarge(ProxyRequest request, long limit) {
        return problemResponse(request, Problem.payloadTooLarge("the request body is larger than " + limit + " bytes"))
                .putHeader("Connection", "close");
    }

    /** A request whose caller hung up before it could be sent: nothing is forwarded, nothing answered. */
    private static final class CallerGone extends RuntimeException {
        CallerGone() {
            super("the caller hung up before the request was forwarded", null, false, false);
        }
    }

    /** Route orders: after ApiGate, before Quarkus REST (10 000) and the console's SPA fallback. */
    static final class ApiGateOrder {
        static final int PROXY = 1_000;
        static final int API_FALLBACK = 30_000;

        private ApiGateOrder() {
        }
    }
}
