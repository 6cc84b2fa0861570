package io.huying.gateway.rest;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The gateway's own resources answer errors as problem+json, like every service. */
public class GatewayProblemMappers {

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(UriInfo uri) {
        return Response.status(401)
                .header("WWW-Authenticate", "Bearer realm=\"huying\"")
                .type(Problems.MEDIA_TYPE)
                .entity(Problems.of("unauthenticated", "Unauthorized", 401, "sign in again, or send a valid bearer token", uri.getRequestUri().getRawPath()).encode())
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(403, "forbidden", "Forbidden", "your role does not allow this", uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            Log.errorf(e, "server error on %s", uri.getRequestUri().getRawPath());
            return respond(status, "internal", "Internal error", "the gateway could not complete the request", uri);
        }
        return respond(status, status == 404 ? "not-found" : "http-" + status,
                e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage(), uri);
    }

    private static Response respond(int status, String slug, String title, String detail, UriInfo uri) {
        return Response.status(status)
                .type(Problems.MEDIA_TYPE)
                .entity(Problems.of(slug, title, status, detail, uri.getRequestUri().getRawPath()).encode())
                .build();
    }
}
