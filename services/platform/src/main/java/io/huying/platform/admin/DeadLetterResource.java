package io.huying.platform.admin;

import io.huying.platform.admin.DeadLetterQueue.DeadLetter;
import io.huying.platform.error.ProblemException;
import io.huying.platform.security.Callers;
import io.huying.platform.security.Roles;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * 死信 — the dead-letter topics for the system administrator: what lies there and why, and a redrive
 * that puts it back on its topic (DeadLetterQueue). One service serves it for all topics
 * ({@code huying.admin.dead-letters=true}, the SLA engine); the gateway routes it there.
 */
@Path("/api/admin/dead-letters")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@IfBuildProperty(name = "huying.admin.dead-letters", stringValue = "true")
public class DeadLetterResource {
    /** A dead-letter topic at a glance. */
    public record TopicSummary(String topic, String deadLetterTopic, int deadLetters, long awaitingRedrive) {
    }

    /** What a redrive put back. */
    public record Redriven(String topic, int redriven, List<DeadLetter> letters) {
    }

    private final DeadLetterQueue queue;
    private final Callers callers;

    public DeadLetterResource(DeadLetterQueue queue, Callers callers) {
        this.queue = queue;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Every dead-letter topic: how many letters lie there and how many await a redrive")
    public List<TopicSummary> topics() throws SQLException {
        List<TopicSummary> summaries = new ArrayList<>();
        for (String topic : DeadLetterQueue.TOPICS) {
            String dlq = DeadLetterQueue.deadLetterTopic(topic);
            List<DeadLetter> letters = queue.list(dlq);
            summaries.add(new TopicSummary(topic, dlq, letters.size(), letters.stream().filter(l -> l.redrivenAt() == null).count()));
        }
        return summaries;
    }

    @GET
    @Path("{topic}")
    @Operation(summary = "The dead letters of a topic (huying.tasks or huying.tasks.dlq), oldest first, each with its reason "
            + "and whether and when it was redriven")
    public List<DeadLetter> letters(@PathParam("topic") String topic) throws SQLException {
        return queue.list(known(topic));
    }

    @POST
    @Path("{topic}/redrive")
    @Operation(summary = "Put every dead letter of a topic not redriven before back on the topic it came from",
            description = "Idempotent: consumers deduplicate on the event id, so an event already applied changes nothing, "
                    + "and a letter is redriven once.")
    public Redriven redrive(@PathParam("topic") String topic) throws SQLException {
        String dlq = known(topic);
        List<DeadLetter> letters = queue.redrive(dlq, callers.current().username());
        return new Redriven(dlq, letters.size(), letters);
    }

    private static String known(String topic) {
        String dlq = DeadLetterQueue.deadLetterTopic(topic);
        if (dlq == null) {
            throw ProblemException.notFound("dead-letter topic " + topic);
        }
        return dlq;
    }
}
