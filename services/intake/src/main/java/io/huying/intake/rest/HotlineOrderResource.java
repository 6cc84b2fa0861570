package io.huying.intake.rest;

import io.huying.intake.mapping.HotlineViews;
import io.huying.intake.service.HotlineOrders;
import io.huying.platform.audit.AuditTrail;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** 12345 热线对接 — work orders in from the municipal 12345 platform; their calls' steps go back as signed callbacks. */
@Path("/api/integrations/12345/orders")
@Produces(MediaType.APPLICATION_JSON)
public class HotlineOrderResource {
    private final HotlineOrders orders;
    private final Callers callers;

    public HotlineOrderResource(HotlineOrders orders, Callers callers) {
        this.orders = orders;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.HOTLINE)
    @Operation(summary = "Receive a 12345 work order (工单)", description = "The 12345 platform's service account forwards an order: it "
            + "becomes a call of the street its grid (gridCode, 网格编码) lies in, through the HOTLINE_12345 channel. The order number "
            + "is the idempotency key: the same order again answers 200 with the same call; another order under a used number is "
            + "refused with 422. categoryCode is the platform's, mapped to the catalogue; an unmapped code becomes QT-01 and waits in "
            + "the district's manual queue. Every step of the call (受理, 签收, 办结, 结案, 退回, 延期) is posted back to the configured "
            + "callback URL, signed, in order per order.")
    public Uni<Response> receive(@NotNull @Valid HotlineOrderRequest request, RoutingContext routing) {
        return orders.receive(callers.current(), HotlineViews.order(request), AuditTrail.entry(routing, 201)).map(received -> {
            if (received.created()) {
                AuditTrail.written(routing, 201);
            }
            return Response.status(received.created() ? 201 : 200)
                    .location(URI.create("/api/integrations/12345/orders/" + request.orderNo()))
                    .entity(HotlineViews.received(request.orderNo(), received)).build();
        });
    }

    @GET
    @Path("{orderNo}")
    @RolesAllowed({Roles.HOTLINE, Roles.OPS, Roles.ADMIN, Roles.STREET_OFFICE, Roles.DISPATCHER})
    @Operation(summary = "A 12345 order: its call and the delivery of each step posted back (回传)")
    public Uni<HotlineOrderStateView> get(@PathParam("orderNo") String orderNo) {
        return orders.find(callers.current(), orderNo).map(HotlineViews::state);
    }
}
