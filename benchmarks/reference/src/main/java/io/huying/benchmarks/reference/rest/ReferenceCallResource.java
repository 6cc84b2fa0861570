package io.huying.benchmarks.reference.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.huying.benchmarks.reference.service.ReferenceIntake;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * {@code POST /calls}: the intake benchmark's reference. The body is any JSON (the harness sends
 * the same one as to Huying's {@code POST /api/calls}); no token, no validation, no idempotency key.
 */
@Path("/calls")
@Produces(MediaType.APPLICATION_JSON)
public class ReferenceCallResource {
    private final ReferenceIntake intake;

    public ReferenceCallResource(ReferenceIntake intake) {
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> raise(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Uni.createFrom().item(Response.status(Response.Status.BAD_REQUEST).build());
        }
        return intake.store(body.toString())
                .call(intake::announce)
                .map(call -> Response.status(Response.Status.CREATED).entity(new Raised(call.id)).build());
    }

    /** The answer: the stored call's id, which is also its Kafka key. */
    public record Raised(UUID id) {
    }
}
