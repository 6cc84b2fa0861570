package io.huying.intake.rest;

import io.huying.intake.mapping.TimelineRebuildViews;
import io.huying.intake.service.TimelineRebuild;
import io.huying.platform.error.ProblemException;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** 重建时间线 — ops: rebuild the raiser's timeline by replaying the lifecycle topics. */
@Path("/api/admin/timeline/rebuild")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class TimelineRebuildResource {
    private final TimelineRebuild rebuild;
    private final Callers callers;

    public TimelineRebuildResource(TimelineRebuild rebuild, Callers callers) {
        this.rebuild = rebuild;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Rebuild the timeline from the lifecycle topics", description = "Deletes every timeline step and the "
            + "timeline consumer's processed-event rows, then replays huying.calls, huying.tasks, huying.responses and "
            + "huying.feedback from the beginning while the live consumer keeps running. 202 with the rebuild; "
            + "409 while another rebuild runs.")
    public Uni<Response> start() {
        TimelineRebuildView started = TimelineRebuildViews.view(rebuild.start(callers.current().username()));
        return Uni.createFrom().item(Response.accepted(started)
                .location(URI.create("/api/admin/timeline/rebuild/" + started.id()))
                .build());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "How a rebuild stands: RUNNING, DONE or FAILED, records replayed, steps projected")
    public Uni<TimelineRebuildView> get(@PathParam("id") String id) {
        return Uni.createFrom().item(rebuild.find(QueryParams.pathId("rebuild", id)).map(TimelineRebuildViews::view)
                .orElseThrow(() -> ProblemException.notFound("rebuild " + id)));
    }
}
