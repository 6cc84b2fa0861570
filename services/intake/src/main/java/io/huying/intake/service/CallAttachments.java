package io.huying.intake.service;

import io.huying.contracts.EventTypes;
import io.huying.contracts.events.FileRef;
import io.huying.intake.Call;
import io.huying.intake.TimelineEntry;
import io.huying.platform.attachment.Attachments;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * 附件 of calls: photos and PDFs uploaded before the call is raised ({@code POST /api/calls} then binds
 * them), and who may read them: the uploader's unit until then; once bound, every unit that sees the call
 * (its raising unit and the units above) and every unit a task of the call was dispatched to, and the
 * units above those — the handlers learn of the files from the accepted call their task carries.
 */
@ApplicationScoped
public class CallAttachments {
    private final Attachments attachments;

    public CallAttachments(Attachments attachments) {
        this.attachments = attachments;
    }

    public Uni<FileRef> upload(Caller caller, FileUpload file) {
        return attachments.upload(caller, file);
    }

    /** The file's bytes, or 404 when it does not exist or the caller may not read it. */
    @WithSession
    public Uni<Response> read(Caller caller, UUID id) {
        return attachments.serve(caller, id, (scope, ref) -> CallIntake.FILES_SCOPE.equals(scope) ? maySee(caller, ref) : Uni.createFrom().item(false));
    }

    /**
     * Whether the caller sees the call: it lies within the caller's unit, or a task of it was dispatched to
     * the caller's unit or a unit below it (the timeline keeps every dispatch, with the unit).
     */
    private static Uni<Boolean> maySee(Caller caller, UUID callId) {
        return Call.<Call>findById(callId).chain(call -> {
            if (call != null && CallQueries.sees(caller, call)) {
                return Uni.createFrom().item(true);
            }
            return TimelineEntry.<TimelineEntry>list("callId = ?1 and type = ?2", callId, EventTypes.TASK_DISPATCHED)
                    .map(dispatches -> dispatches.stream().anyMatch(d -> d.unitPath != null && caller.sees(d.unitPath)));
        });
    }
}
