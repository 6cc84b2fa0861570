package io.huying.gateway.rest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's own errors, in the RFC 9457 problem+json shape every Huying service answers with
 * ({@code io.huying.platform.error.Problem}: type, title, status, detail, instance). The gateway
 * does not depend on services/platform, which brings a datasource, Flyway and Kafka along.
 */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://huying.io/problems/";

    private Problems() {
    }

    public static JsonObject of(String slug, String title, int status, String detail, String instance) {
        JsonObject problem = new JsonObject()
                .put("type", TYPE_BASE + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        return instance == null ? problem : problem.put("instance", instance);
    }

    /** Ends the exchange with a problem; the request body, if any, is not read. */
    public static void send(RoutingContext rc, String slug, String title, int status, String detail) {
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", MEDIA_TYPE)
                .end(of(slug, title, status, detail, rc.request().path()).encode());
    }

    public static void unauthenticated(RoutingContext rc) {
        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"huying\"");
        send(rc, "unauthenticated", "Unauthorized", 401, "sign in again, or send a valid bearer token");
    }
}
