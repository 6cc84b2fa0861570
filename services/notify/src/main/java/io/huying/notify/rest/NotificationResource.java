package io.huying.notify.rest;

import io.huying.notify.mapping.NotificationViews;
import io.huying.notify.service.NotificationQueries;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Callers;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** 通知 — the bell: notifications addressed to your unit, with your own read state. */
@Path("/api/notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {
    private final NotificationQueries queries;
    private final NotificationViews views;
    private final Callers callers;

    public NotificationResource(NotificationQueries queries, NotificationViews views, Callers callers) {
        this.queries = queries;
        this.views = views;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Notifications addressed to your unit (not to the units below it), newest first; `unread` counts those you have not read")
    public Uni<NotificationPage> list(@QueryParam("unread") String unread, @QueryParam("page") String page, @QueryParam("size") String size) {
        boolean unreadOnly = Boolean.TRUE.equals(QueryParams.parsed("unread", unread, NotificationResource::bool));
        return queries.page(callers.current(), unreadOnly, QueryParams.integer("page", page, 0, 0, 100_000),
                QueryParams.integer("size", size, 20, 1, 100)).map(views::page);
    }

    @POST
    @Path("{id}/read")
    @Operation(summary = "已读 — mark one notification of your unit read (for you); answers your unread count")
    public Uni<UnreadCount> read(@PathParam("id") String id) {
        return queries.markRead(callers.current(), QueryParams.pathId("notification", id)).map(views::unread);
    }

    @POST
    @Path("read-all")
    @Operation(summary = "全部已读 — mark every notification of your unit read (for you)")
    public Uni<UnreadCount> readAll() {
        return queries.markAllRead(callers.current()).map(views::unread);
    }

    private static Boolean bool(String raw) {
        return switch (raw.toLowerCase()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }
}
