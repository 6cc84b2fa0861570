package io.huying.platform.outbox;

import io.huying.contracts.Topics;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A write request of the test application: one event for {@code call}, appended in the request's transaction. */
@Path("/probe/outbox")
@PermitAll
public class ProbeWrites {
    private final Outbox outbox;

    public ProbeWrites(Outbox outbox) {
        this.outbox = outbox;
    }

    @POST
    @Path("{call}")
    @WithTransaction
    public Uni<Void> write(@PathParam("call") UUID call) {
        return outbox.append(Topics.FEEDBACK, "platform", "huying.test.probed.v1", call, Instant.now(), Map.of("note", "request"))
                .replaceWithVoid();
    }
}
