package io.huying.intake.rest;

import io.huying.intake.mapping.CallViews;
import io.huying.intake.service.CallFeed;
import io.huying.intake.service.CallQueries;
import io.huying.platform.http.QueryParams;
import io.huying.platform.http.SseHeartbeats;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/** 办理进度实时 — one call as a live Server-Sent Events stream, for the raiser's call page. */
@Path("/api/calls/{id}/stream")
@Authenticated
public class CallStreamResource {
    /** The SSE event name; its data is the call as {@code GET /api/calls/{id}} shows it, timeline included. */
    private static final String CALL_EVENT = "call";

    private final CallFeed feed;
    private final CallQueries queries;
    private final Callers callers;
    private final CallViews callViews;

    public CallStreamResource(CallFeed feed, CallQueries queries, Callers callers, CallViews callViews) {
        this.feed = feed;
        this.queries = queries;
        this.callers = callers;
        this.callViews = callViews;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live call: a `call` event at once and after each new step or change of a call within your unit's path; "
            + "a comment every 15 s keeps the connection open")
    public Multi<OutboundSseEvent> stream(@PathParam("id") String id, @Context Sse sse) {
        Caller caller = callers.current();
        Multi<OutboundSseEvent> views = feed.watch(caller, QueryParams.pathId("call", id))
                .map(found -> sse.newEventBuilder().name(CALL_EVENT).data(CallView.class, callViews.view(found, caller)).build());
        return SseHeartbeats.around(views, sse, callers.tokenExpiry());
    }

    /**
     * Before the stream opens (its 200 and first heartbeat go out at once): a call that is not visible
     * to the caller is 404 problem+json, as {@code GET /api/calls/{id}} answers.
     */
    // The filter runs before every request of the service, Open311's anonymous ones too: it must not
    // take the class's @Authenticated (the stream's own method still does).
    @ServerRequestFilter
    @PermitAll
    public Uni<Void> visibleCall(SimpleResourceInfo resource, UriInfo uri) {
        if (resource.getResourceClass() != CallStreamResource.class) {
            return Uni.createFrom().voidItem();
        }
        String id = uri.getPathParameters().getFirst("id");
        return queries.get(callers.current(), QueryParams.pathId("call", id)).replaceWithVoid();
    }
}
