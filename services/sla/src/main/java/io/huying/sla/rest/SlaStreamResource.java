package io.huying.sla.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.huying.platform.http.SseHeartbeats;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.huying.sla.service.SlaEventFeed;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** 时限动态 — SLA events as a live Server-Sent Events stream, for the caller's scope. */
@Path("/api/sla/stream")
@RolesAllowed({Roles.OPS, Roles.ADMIN})
public class SlaStreamResource {

    private final SlaEventFeed feed;
    private final Callers callers;

    public SlaStreamResource(SlaEventFeed feed, Callers callers) {
        this.feed = feed;
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live SLA events of clocks at or below your unit (all for admins): the SSE event name is the CloudEvent type "
            + "(huying.sla.clock-started.v1, …), its data the CloudEvent; a comment every 15 s keeps the connection open")
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Caller caller = callers.current();
        if (!caller.hasRole(Roles.ADMIN)) {
            caller.unit(); // scoped by the unit: 403 for an account in no org unit or in several
        }
        Multi<OutboundSseEvent> events = feed.watch(caller)
                .map(event -> sse.newEventBuilder().name(event.path("type").asText()).data(JsonNode.class, event).build());
        return SseHeartbeats.around(events, sse, callers.tokenExpiry());
    }
}
