package io.huying.response.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.platform.inbox.UnprocessableEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * 时限 — keeps each task's sign-for and resolve deadlines, and where they stand, as the SLA engine
 * announces them on huying.sla, so the inbox shows them. The engine publishes a call's events in
 * order (keyed by call); a stopped clock stays stopped whatever arrives after it.
 */
@ApplicationScoped
public class TaskDeadlines {
    private final Clock time;

    public TaskDeadlines(Clock time) {
        this.time = time;
    }

    /** Whether {@code event} changes a task's deadlines here; the consumer skips the others without a transaction. */
    public static boolean concerns(CloudEvent event) {
        JsonNode d = event.data();
        String clock = d == null ? "" : d.path("clock").asText();
        return state(event) != null && (clock.equals("SIGN_FOR") || clock.equals("RESOLVE")) && d.path("taskId").isTextual();
    }

    private static String state(CloudEvent event) {
        JsonNode d = event.data() == null ? NullNode.getInstance() : event.data();
        return switch (event.type()) {
            case EventTypes.SLA_CLOCK_STARTED -> "ON_TRACK";
            case EventTypes.SLA_WARNING -> "AT_RISK";
            case EventTypes.SLA_BREACHED -> "BREACHED";
            case EventTypes.SLA_CLOCK_STOPPED -> "MET".equals(d.path("outcome").asText()) ? "MET" : "BREACHED";
            // 时限变更: the deadline moves, where the clock stands does not (a first word on the clock reads ON_TRACK).
            case EventTypes.SLA_DEADLINE_CHANGED -> "ON_TRACK";
            default -> null;
        };
    }

    /** Inside the consumer's transaction: one SLA event. Events of call-level clocks and escalations change nothing here. */
    public Uni<Void> apply(CloudEvent event) {
        if (!concerns(event)) {
            return Uni.createFrom().voidItem();
        }
        JsonNode d = event.data();
        String state = state(event);
        String clock = d.path("clock").asText();
        UUID taskId = uuid(d.path("taskId").asText());
        Instant deadline = instant(d.path("deadline").asText());
        boolean stopped = event.type().equals(EventTypes.SLA_CLOCK_STOPPED);
        boolean keepState = event.type().equals(EventTypes.SLA_DEADLINE_CHANGED);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into task_sla (task_id, clock, deadline, state, stopped, at)
                        values (:task, :clock, :deadline, :state, :stopped, :at)
                        on conflict (task_id, clock) do update
                            set deadline = excluded.deadline, state = case when :keep then task_sla.state else excluded.state end,
                                stopped = excluded.stopped, at = excluded.at
                            where not task_sla.stopped or excluded.stopped""")
                .setParameter("task", taskId).setParameter("clock", clock).setParameter("deadline", deadline)
                .setParameter("state", state).setParameter("keep", keepState).setParameter("stopped", stopped).setParameter("at", event.time())
                .executeUpdate())
                .chain(() -> copyToInbox(taskId));
    }

    /** Copies the task's deadlines onto its inbox row (nothing when the task has not reached the inbox yet). */
    public Uni<Void> copyToInbox(UUID taskId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update inbox_task t set
                            sign_for_deadline = s.sign_for_deadline, sign_for_sla = s.sign_for_sla,
                            resolve_deadline = s.resolve_deadline, resolve_sla = s.resolve_sla, updated_at = :now
                        from (select max(deadline) filter (where clock = 'SIGN_FOR') as sign_for_deadline,
                                     max(state) filter (where clock = 'SIGN_FOR') as sign_for_sla,
                                     max(deadline) filter (where clock = 'RESOLVE') as resolve_deadline,
                                     max(state) filter (where clock = 'RESOLVE') as resolve_sla
                              from task_sla where task_id = :task having count(*) > 0) s
                        where t.task_id = :task""")
                .setParameter("task", taskId).setParameter("now", time.instant().atOffset(ZoneOffset.UTC)).executeUpdate())
                .replaceWithVoid();
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEvent("taskId " + value + " is not a UUID", e);
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UnprocessableEvent("deadline " + value + " is not a timestamp", e);
        }
    }
}
