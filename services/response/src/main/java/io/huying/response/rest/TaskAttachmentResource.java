package io.huying.response.rest;

import io.huying.platform.attachment.Attachments;
import io.huying.platform.error.ProblemException;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.huying.response.InboxTask;
import io.huying.response.service.TaskResponses;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * 办结证据 — photos and PDFs of a task's result: the handling unit uploads them, then names them in
 * {@code files} when it completes the task ({@code POST /api/tasks/{id}/complete} binds them). They are
 * served to the handling unit and the units above it, and to the raising unit (and those above it), which
 * verifies the result (核查) with them before closing the call.
 */
@Path("/api/tasks")
@Authenticated
public class TaskAttachmentResource {
    private final Attachments attachments;
    private final Callers callers;

    public TaskAttachmentResource(Attachments attachments, Callers callers) {
        this.attachments = attachments;
        this.callers = callers;
    }

    @POST
    @Path("{taskId}/attachments")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEPARTMENT)
    @WithSession
    @Operation(summary = "Upload a photo or PDF as evidence for your unit's task",
            description = "Multipart part \"file\": JPEG, PNG, WebP or PDF (judged by the content), at most 10 MiB. "
                    + "Answers the file's id, to list in \"files\" when completing the task (办结); a file no completion claims within a day is deleted.")
    public Uni<Response> upload(@PathParam("taskId") String taskId, @RestForm(Attachments.PART) FileUpload file) {
        Caller caller = callers.current();
        UUID id = QueryParams.pathId("task", taskId);
        String unit = caller.unit().value();
        return InboxTask.<InboxTask>findById(id)
                .chain(task -> {
                    // Another unit's task, even one below the caller's: evidence comes from the unit that handles it.
                    if (task == null || !unit.equals(task.unitPath)) {
                        return Uni.createFrom().failure(ProblemException.notFound("task " + taskId));
                    }
                    return attachments.upload(caller, file);
                })
                .map(ref -> Response.created(URI.create(ref.url())).type(MediaType.APPLICATION_JSON).entity(ref).build());
    }

    @GET
    @Path("attachments/{id}")
    @Operation(summary = "A task's evidence file: to the handling unit and the units above it, and to the raising unit, which verifies it")
    public Uni<Response> read(@PathParam("id") String id) {
        Caller caller = callers.current();
        return attachments.serve(caller, QueryParams.pathId("file", id), (scope, ref) -> TaskResponses.EVIDENCE_SCOPE.equals(scope)
                ? InboxTask.<InboxTask>findById(ref).map(task -> task != null && (caller.sees(task.unitPath) || caller.sees(task.raisingUnit)))
                : Uni.createFrom().item(false));
    }
}
