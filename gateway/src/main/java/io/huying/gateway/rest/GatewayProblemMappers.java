package io.huying.gateway.rest;

import io.huying.contracts.problem.Problem;
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
                .header("WWW-Authenticate", Problem.BEARER_CHALLENGE)
                .type(Problem.MEDIA_TYPE)
                .entity(Problems.unauthenticated().withInstance(uri.getRequestUri().getRawPath()))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.forbidden("your role does not allow this"), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            Log.errorf(e, "server error on %s", uri.getRequestUri().getRawPath());
            return respond(Problem.internal(status, "the gateway"), uri);
        }
        return respond(Problem.forStatus(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage()), uri);
    }

    private static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(uri.getRequestUri().getRawPath()))
                .build();
    }
}
