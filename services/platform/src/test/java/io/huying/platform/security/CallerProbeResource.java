package io.huying.platform.security;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Who the current request's caller is, and which request the identity says it came with (VerifiedIdentitiesTest). */
@Path("/api/test/caller")
@Authenticated
public class CallerProbeResource {
    private final Callers callers;
    private final SecurityIdentity identity;

    public CallerProbeResource(Callers callers, SecurityIdentity identity) {
        this.callers = callers;
        this.identity = identity;
    }

    /** principal: which principal object the identity holds (verifying a token again builds a new one). */
    public record Seen(String username, List<String> orgPaths, String request, int principal) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Seen seen() {
        Caller caller = callers.current();
        RoutingContext routing = identity.getAttribute(RoutingContext.class.getName());
        return new Seen(caller.username(), caller.orgPaths().stream().map(Object::toString).toList(),
                routing.request().getParam("request"), System.identityHashCode(identity.getPrincipal()));
    }
}
