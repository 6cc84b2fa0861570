package io.huying.notify.rest;

import io.huying.notify.mapping.SubscriptionViews;
import io.huying.notify.service.Subscriptions;
import io.huying.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Which units also receive their notifications on an outbound channel (e-mail), for administrators. */
@Path("/api/notifications/subscriptions")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {
    private final Subscriptions subscriptions;
    private final SubscriptionViews views;

    public SubscriptionResource(Subscriptions subscriptions, SubscriptionViews views) {
        this.subscriptions = subscriptions;
        this.views = views;
    }

    @GET
    @Operation(summary = "Every unit's outbound subscriptions")
    public Uni<List<SubscriptionView>> all() {
        return subscriptions.all().map(list -> list.stream().map(views::view).toList());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a unit's subscription to a channel (EMAIL); no addresses ends it")
    public Uni<SubscriptionView> put(@NotNull @Valid SubscriptionView subscription) {
        return subscriptions.put(views.subscription(subscription)).map(views::view);
    }
}
