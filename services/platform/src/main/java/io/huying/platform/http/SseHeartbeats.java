package io.huying.platform.http;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;

/** Keeps a Server-Sent Events stream alive through proxies: a comment at once, then one every 15 s. */
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
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(EVERY).onOverflow().drop().map(tick -> heartbeat(sse));
        return Multi.createBy().merging().streams(events, Multi.createFrom().item(heartbeat(sse)), heartbeats);
    }

    private static OutboundSseEvent heartbeat(Sse sse) {
        return sse.newEventBuilder().comment("heartbeat").build();
    }
}
