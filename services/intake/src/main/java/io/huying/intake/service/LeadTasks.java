package io.huying.intake.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Who handles a call and by when, as the timeline learns it: the call's latest lead task (主办) from
 * {@code task.dispatched}, and each task's resolve deadline (办结时限) from the SLA engine's RESOLVE
 * clock ({@code sla.clock-started}, {@code sla.deadline-changed}: an approved extension). Events come
 * in any order across topics: each row keeps what the latest event by event time says, so a
 * redelivered or late event changes nothing. Open311's {@code agency_responsible} and
 * {@code expected_datetime} are read from here.
 */
final class LeadTasks {
    private LeadTasks() {
    }

    /** Whether {@code event} says who leads a call or a task's resolve deadline. */
    static boolean concerns(CloudEvent event) {
        JsonNode d = event.data();
        if (d == null) {
            return false;
        }
        return switch (event.type()) {
            case EventTypes.TASK_DISPATCHED -> "LEAD".equals(d.path("role").asText()) && d.path("taskId").isTextual()
                    && d.path("unitPath").isTextual();
            case EventTypes.SLA_CLOCK_STARTED, EventTypes.SLA_DEADLINE_CHANGED -> "RESOLVE".equals(d.path("clock").asText())
                    && d.path("taskId").isTextual() && d.path("deadline").isTextual();
            default -> false;
        };
    }

    /**
     * Inside the timeline's transaction: records what {@code events} say, two set-based statements. Of
     * several events about one call (or one task) in a batch only the latest goes in: one statement may
     * not change a row twice.
     */
    static Uni<Void> project(Mutiny.Session session, ObjectMapper json, List<CloudEvent> events) {
        Map<String, CloudEvent> leads = new LinkedHashMap<>();
        Map<String, CloudEvent> deadlines = new LinkedHashMap<>();
        for (CloudEvent event : events) {
            if (!concerns(event) || event.time() == null) {
                continue;
            }
            if (EventTypes.TASK_DISPATCHED.equals(event.type())) {
                leads.merge(event.subject(), event, LeadTasks::later);
            } else {
                deadlines.merge(event.data().path("taskId").asText(), event, LeadTasks::later);
            }
        }
        ArrayNode leadRows = json.createArrayNode();
        leads.values().forEach(e -> leadRows.addObject().put("call_id", e.subject()).put("task_id", e.data().path("taskId").asText())
                .put("unit_path", e.data().path("unitPath").asText()).put("at", e.time().toString()));
        ArrayNode deadlineRows = json.createArrayNode();
        deadlines.values().forEach(e -> deadlineRows.addObject().put("task_id", e.data().path("taskId").asText()).put("call_id", e.subject())
                .put("deadline", e.data().path("deadline").asText()).put("at", e.time().toString()));
        Uni<Void> done = Uni.createFrom().voidItem();
        if (!leadRows.isEmpty()) {
            done = done.chain(() -> session.createNativeQuery("""
                    insert into call_lead_task (call_id, task_id, unit_path, dispatched_at)
                    select call_id, task_id, unit_path, at
                    from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(call_id uuid, task_id uuid, unit_path text, at timestamptz)
                    on conflict (call_id) do update set task_id = excluded.task_id, unit_path = excluded.unit_path,
                        dispatched_at = excluded.dispatched_at
                    where call_lead_task.dispatched_at <= excluded.dispatched_at""")
                    .setParameter("rows", leadRows.toString()).executeUpdate().replaceWithVoid());
        }
        if (!deadlineRows.isEmpty()) {
            done = done.chain(() -> session.createNativeQuery("""
                    insert into task_resolve_deadline (task_id, call_id, deadline, set_at)
                    select task_id, call_id, deadline, at
                    from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(task_id uuid, call_id uuid, deadline timestamptz, at timestamptz)
                    on conflict (task_id) do update set deadline = excluded.deadline, set_at = excluded.set_at
                    where task_resolve_deadline.set_at <= excluded.set_at""")
                    .setParameter("rows", deadlineRows.toString()).executeUpdate().replaceWithVoid());
        }
        return done;
    }

    private static CloudEvent later(CloudEvent a, CloudEvent b) {
        return b.time().isBefore(a.time()) ? a : b;
    }
}
