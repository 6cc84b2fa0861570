package io.huying.notify.rest;

import io.huying.notify.mapping.NotificationViews;
import io.huying.notify.service.NotificationFeed;
import io.huying.notify.service.NotificationFeed.FeedEvent;
import io.huying.notify.service.NotificationFeed.Item;
import io.huying.notify.service.NotificationFeed.Unread;
import io.huying.notify.service.NotificationQueries;
import io.huying.platform.http.SseHeartbeats;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The live bell as Server-Sent Events. */
@Path("/api/notifications/stream")
@Authenticated
public class NotificationStreamResource {
    /** A new notification of your unit; its data is the item as {@code GET /api/notifications} lists it. */
    private static final String NOTIFICATION_EVENT = "notification";
    /** Your unread count, {@code {"unread": n}}: at once, then after each change. */
    private static final String UNREAD_EVENT = "unread";

    private final NotificationFeed feed;
    private final NotificationQueries queries;
    private final NotificationViews views;
    private final Callers callers;

    public NotificationStreamResource(NotificationFeed feed, NotificationQueries queries, NotificationViews views, Callers callers) {
        this.feed = feed;
        this.queries = queries;
        this.views = views;
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live bell: your `unread` count at once and after each change, a `notification` event for each new "
            + "notification of your unit; a comment every 15 s keeps the connection open")
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Caller caller = callers.current();
        String unit = caller.unit().value(); // 403 for an account in no org unit or in several
        Multi<FeedEvent> now = queries.unread(unit, caller.username()).<FeedEvent>map(Unread::new).toMulti();
        Multi<OutboundSseEvent> events = Multi.createBy().merging().streams(feed.watch(unit, caller.username()), now)
                .map(event -> event instanceof Item item
                        ? sse.newEventBuilder().name(NOTIFICATION_EVENT).data(NotificationView.class, views.view(item.notification())).build()
                        : sse.newEventBuilder().name(UNREAD_EVENT).data(UnreadCount.class, views.unread(((Unread) event).count())).build());
        return SseHeartbeats.around(events, sse, callers.tokenExpiry());
    }
}
