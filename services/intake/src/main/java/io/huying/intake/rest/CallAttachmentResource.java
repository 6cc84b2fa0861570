package io.huying.intake.rest;

import io.huying.intake.service.CallAttachments;
import io.huying.platform.attachment.Attachments;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** 附件 — photos and PDFs for a call: uploaded first, then named in {@code files} when the call is raised. */
@Path("/api/calls/attachments")
@Authenticated
public class CallAttachmentResource {
    private final CallAttachments attachments;
    private final Callers callers;

    public CallAttachmentResource(CallAttachments attachments, Callers callers) {
        this.attachments = attachments;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMUNITY_OFFICE, Roles.STREET_OFFICE, Roles.GRID_WORKER, Roles.PATROL})
    @Operation(summary = "Upload a photo or PDF for a call you are about to raise",
            description = "Multipart part \"file\": JPEG, PNG, WebP or PDF (judged by the content), at most 10 MiB. "
                    + "Answers the file's id, to list in \"files\" when raising the call; a file no call claims within a day is deleted.")
    public Uni<Response> upload(@RestForm(Attachments.PART) FileUpload file) {
        return attachments.upload(callers.current(), file)
                .map(ref -> Response.created(URI.create(ref.url())).type(MediaType.APPLICATION_JSON).entity(ref).build());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A call's file: to the units that see the call or handle it, or, before it is bound to a call, to the uploader's unit")
    public Uni<Response> read(@PathParam("id") String id) {
        return attachments.read(callers.current(), QueryParams.pathId("file", id));
    }
}
