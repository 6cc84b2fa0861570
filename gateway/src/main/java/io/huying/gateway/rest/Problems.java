package io.huying.gateway.rest;

import io.huying.contracts.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Sends the gateway's own errors from Vert.x routes (before Quarkus REST), in the one problem+json
 * shape, {@link Problem} from contracts. The gateway does not depend on services/platform, which
 * brings a datasource, Flyway and Kafka along.
 */
public final class Problems {

    private Problems() {
    }

    public static Buffer encode(Problem problem) {
        return Json.encodeToBuffer(problem);
    }

    /** Ends the exchange with a problem; the request body, if any, is not read. */
    public static void send(RoutingContext rc, Problem problem) {
        rc.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(encode(problem.withInstance(rc.request().path())));
    }

    public static void unauthenticated(RoutingContext rc) {
        rc.response().putHeader("WWW-Authenticate", Problem.BEARER_CHALLENGE);
        send(rc, unauthenticated());
    }

    public static Problem unauthenticated() {
        return Problem.unauthenticated("sign in again, or send a valid bearer token");
    }
}
