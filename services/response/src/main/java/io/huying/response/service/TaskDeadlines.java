package io.huying.response.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.platform.db.ListParameters;
import io.huying.platform.inbox.UnprocessableEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * 时限 — keeps each task's sign-for and resolve deadlines, and where they stand, as the SLA engine
 * announces them on huying.sla, so the inbox shows them. The engine publishes a call's events in
 * order (keyed by call); a stopped clock stays stopped whatever arrives after it.
 */
@ApplicationScoped
public class TaskDeadlines {
    private final Clock time;
    private final ObjectMapper json;

    public TaskDeadlines(Clock time, ObjectMapper json) {
        this.time = time;
        this.json = json;
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

    /**
     * Inside the consumer's transaction: a batch of SLA events, in the order received, with a
     * statement per round and one for the inbox, whatever the batch's size. Round k holds the k-th
     * event of each task's clock (one statement cannot upsert a row twice), so one clock's events
     * apply in order; then each task's inbox row gets its deadlines. Events of call-level clocks and
     * escalations change nothing here.
     */
    public Uni<Void> applyAll(List<CloudEvent> events) {
        Map<String, Integer> perClock = new HashMap<>();
        List<ArrayNode> rounds = new ArrayList<>();
        Set<UUID> tasks = new LinkedHashSet<>();
        for (CloudEvent event : events) {
            if (!concerns(event)) {
                continue;
            }
            JsonNode d = event.data();
            UUID taskId = uuid(d.path("taskId").asText());
            String clock = d.path("clock").asText();
            Instant deadline = instant(d.path("deadline").asText());
            if (event.time() == null) {
                throw new UnprocessableEvent(event.type() + " " + event.id() + " has no time");
            }
            int round = perClock.merge(taskId + " " + clock, 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(json.createArrayNode());
            }
            rounds.get(round).addObject().put("task_id", taskId.toString()).put("clock", clock).put("deadline", deadline.toString())
                    .put("state", state(event)).put("stopped", event.type().equals(EventTypes.SLA_CLOCK_STOPPED))
                    // 时限变更 moves the deadline; where the clock stands does not.
                    .put("keep_state", event.type().equals(EventTypes.SLA_DEADLINE_CHANGED))
                    .put("at", event.time().toString());
            tasks.add(taskId);
        }
        if (tasks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> upserted = Uni.createFrom().voidItem();
        for (ArrayNode round : rounds) {
            upserted = upserted.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                            with r as (select * from jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                                       as r(task_id uuid, clock text, deadline timestamptz, state text, stopped boolean,
                                            keep_state boolean, at timestamptz)),
                            moved as (update task_sla s
                                      set deadline = r.deadline, state = case when r.keep_state then s.state else r.state end,
                                          stopped = r.stopped, at = r.at
                                      from r
                                      where s.task_id = r.task_id and s.clock = r.clock and (not s.stopped or r.stopped))
                            insert into task_sla (task_id, clock, deadline, state, stopped, at)
                            select r.task_id, r.clock, r.deadline, r.state, r.stopped, r.at from r
                            where not exists (select 1 from task_sla s where s.task_id = r.task_id and s.clock = r.clock)
                            on conflict (task_id, clock) do nothing""")
                    .setParameter("rows", round.toString()).executeUpdate()).replaceWithVoid());
        }
        return upserted.chain(() -> copyToInbox(tasks));
    }

    /**
     * Copies the tasks' deadlines onto their inbox rows (nothing for a task that has not reached the
     * inbox yet, or has no deadlines yet), leaving alone a row whose deadlines are
     * already these (an update would wake every inbox stream for nothing).
     *
     * <p>The ids are bound as a list ({@code huying_uuids(?, ?, …)}), which the planner counts: from a
     * JSON array it assumed 100 ids, and on tables of some thousand rows it then scanned both
     * {@code task_sla} and {@code inbox_task} whole at every batch (docs/benchmarks.md).
     */
    public Uni<Void> copyToInbox(Collection<UUID> taskIds) {
        Uni<Void> copied = Uni.createFrom().voidItem();
        for (List<UUID> chunk : ListParameters.chunks(new ArrayList<>(taskIds))) {
            copied = copied.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                            update inbox_task t set
                                sign_for_deadline = s.sign_for_deadline, sign_for_sla = s.sign_for_sla,
                                resolve_deadline = s.resolve_deadline, resolve_sla = s.resolve_sla, updated_at = :now
                            from (select task_id,
                                         max(deadline) filter (where clock = 'SIGN_FOR') as sign_for_deadline,
                                         max(state) filter (where clock = 'SIGN_FOR') as sign_for_sla,
                                         max(deadline) filter (where clock = 'RESOLVE') as resolve_deadline,
                                         max(state) filter (where clock = 'RESOLVE') as resolve_sla
                                  from task_sla
                                  where task_id in (select * from huying_uuids(:ids))
                                  group by task_id) s
                            where t.task_id = s.task_id
                              and (t.sign_for_deadline, t.sign_for_sla, t.resolve_deadline, t.resolve_sla)
                                  is distinct from (s.sign_for_deadline, s.sign_for_sla, s.resolve_deadline, s.resolve_sla)""")
                    .setParameter("ids", chunk).setParameter("now", time.instant().atOffset(ZoneOffset.UTC)).executeUpdate())
                    .replaceWithVoid());
        }
        return copied;
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
