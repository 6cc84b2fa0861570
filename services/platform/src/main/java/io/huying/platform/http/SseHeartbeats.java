package io.huying.platform.http;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps a Server-Sent Events stream alive through proxies — a comment at once, then one every 15 s —
 * and no longer than the caller's token: when it expires the stream sends a {@value #TOKEN_EXPIRED}
 * event and ends, and the client connects again with a fresh token (the console does so by itself).
 */
public final class SseHeartbeats {
    /** Often enough that proxies and load balancers keep an idle stream open. */
    public static final Duration EVERY = Duration.ofSeconds(15);

    private SseHeartbeats() {
    }

    /**
     * {@code events} merged with heartbeat comments. The first comment goes out at once, after the
     * events' subscription: the client knows the stream is live.
     */
    public static Multi<OutboundSseEvent> around(Multi<OutboundSseEvent> events, Sse sse) {
        // Ticks start one period in: their first tick at once would double the opening comment.
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().startingAfter(EVERY).every(EVERY).onOverflow().drop()
                .map(tick -> heartbeat(sse));
        return Multi.createBy().merging().streams(events, Multi.createFrom().item(heartbeat(sse)), heartbeats);
    }

    /** The last event of a stream whose token expired. */
    public static final String TOKEN_EXPIRED = "token-expired";

    /** As {@link #around(Multi, Sse)}, ending when the caller's token expires ({@code tokenExpiry}; null: never). */
    public static Multi<OutboundSseEvent> around(Multi<OutboundSseEvent> events, Sse sse, Instant tokenExpiry) {
        Multi<OutboundSseEvent> stream = around(events, sse);
        if (tokenExpiry == null) {
            return stream;
        }
        Duration left = Duration.between(Instant.now(), tokenExpiry);
        return stream.select().first(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left)
                .onCompletion().continueWith(sse.newEventBuilder().name(TOKEN_EXPIRED)
                        .data(String.class, "the access token expired: connect again with a fresh one").build());
    }

    private static OutboundSseEvent heartbeat(Sse sse) {
        return sse.newEventBuilder().comment("heartbeat").build();
    }
}
