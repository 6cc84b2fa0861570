package io.huying.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.Test;

/** A stream lives no longer than the caller's token: at its expiry a token-expired event, then the end. */
class SseHeartbeatsTest {
    @Test
    void theStreamEndsWithATokenExpiredEventWhenTheTokenExpires() {
        Multi<OutboundSseEvent> neverEnding = Multi.createFrom().nothing();
        AssertSubscriber<OutboundSseEvent> client = SseHeartbeats.around(neverEnding, SseImpl.INSTANCE, Instant.now().plusMillis(500))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        client.awaitCompletion(Duration.ofSeconds(10));
        List<OutboundSseEvent> events = client.getItems();
        assertThat(events.get(0).getComment()).isEqualTo("heartbeat");
        assertThat(events.get(events.size() - 1).getName()).isEqualTo(SseHeartbeats.TOKEN_EXPIRED);
    }

    @Test
    void withoutAnExpiryTheStreamGoesOn() {
        AssertSubscriber<OutboundSseEvent> client = SseHeartbeats.around(Multi.createFrom().nothing(), SseImpl.INSTANCE, null)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        client.awaitItems(1);
        assertThat(client.isCancelled()).isFalse();
        assertThat(client.getItems()).noneMatch(e -> SseHeartbeats.TOKEN_EXPIRED.equals(e.getName()));
        client.cancel();
    }
}
