package io.huying.sla.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.events.TaskWithdrawn;
import io.huying.contracts.events.VerificationClosed;
import io.huying.contracts.events.VerificationReopened;
import io.huying.platform.db.NativeSelects;
import io.huying.sla.domain.AssessmentMeasure;
import io.huying.sla.domain.TracedTask;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * 考核 facts ({@code sla_task_fact}, {@code sla_verification_fact}, V3): written inside the consumer's
 * transaction under the call's lock, read by the assessment. Writes are upserts in which each column is
 * set once, by the first event that carries it: redelivered or repeated events change nothing, and an
 * event that overtakes its task's {@code task.dispatched} creates the row that one completes.
 * Nulls travel as empty text (nullif in SQL), so no parameter is bound without a type.
 */
@ApplicationScoped
public class AssessmentFacts {
    private final ObjectMapper json;

    public AssessmentFacts(ObjectMapper json) {
        this.json = json;
    }

    /** What became of a task, each the column of its first time. */
    enum TaskEnd {
        RETURNED("returned_at"), COMPLETED("completed_at"), WITHDRAWN("withdrawn_at");

        final String column;

        TaskEnd(String column) {
            this.column = column;
        }
    }

    /**
     * 派遣: each task's unit, role and month, for the dispatches of a batch in one statement.
     * task.dispatched is the authority on unit, role and number; a task dispatched twice in the batch
     * keeps the first time and the last unit, role and number, as one statement per event would.
     */
    public Uni<Void> dispatched(List<TaskDispatched> dispatches) {
        if (dispatches.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<UUID, ObjectNode> byTask = new LinkedHashMap<>();
        for (TaskDispatched d : dispatches) {
            ObjectNode row = byTask.computeIfAbsent(d.taskId(), task -> json.createObjectNode().put("task_id", task.toString())
                    .put("call_id", d.callId().toString()).put("dispatched_at", d.dispatchedAt().toString()));
            row.put("number", d.number()).put("unit_path", d.unitPath()).put("role", role(d.role())).put("title", d.title());
        }
        ArrayNode rows = json.createArrayNode().addAll(byTask.values());
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into sla_task_fact (task_id, call_id, number, unit_path, role, dispatched_at, title)
                        select task_id, call_id, number, unit_path, role, dispatched_at, title
                        from json_to_recordset(cast(cast(:rows as text) as json))
                             as r(task_id uuid, call_id uuid, number text, unit_path text, role text, dispatched_at timestamptz, title text)
                        on conflict (task_id) do update set
                            dispatched_at = coalesce(sla_task_fact.dispatched_at, excluded.dispatched_at),
                            unit_path = excluded.unit_path, role = excluded.role, number = excluded.number,
                            title = coalesce(excluded.title, sla_task_fact.title)""")
                .setParameter("rows", rows.toString())
                .executeUpdate()).replaceWithVoid();
    }

    /** 退回. */
    public Uni<Void> returned(TaskResponse r) {
        return ended(TaskEnd.RETURNED, r.taskId(), r.callId(), r.number(), r.unitPath(), r.role(), r.at());
    }

    /** 办结. */
    public Uni<Void> completed(TaskResponse r) {
        return ended(TaskEnd.COMPLETED, r.taskId(), r.callId(), r.number(), r.unitPath(), r.role(), r.at());
    }

    /** 撤回 (改派). */
    public Uni<Void> withdrawn(TaskWithdrawn w) {
        return ended(TaskEnd.WITHDRAWN, w.taskId(), w.callId(), w.number(), w.unitPath(), w.role(), w.withdrawnAt());
    }

    private Uni<Void> ended(TaskEnd end, UUID taskId, UUID callId, String number, String unit, TaskRole role, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into sla_task_fact (task_id, call_id, number, unit_path, role, %1$s)
                        values (cast(:task as uuid), cast(:call as uuid), :number, :unit, nullif(:role, ''), cast(:at as timestamptz))
                        on conflict (task_id) do update set
                            %1$s = coalesce(sla_task_fact.%1$s, excluded.%1$s),
                            role = coalesce(sla_task_fact.role, excluded.role)""".formatted(end.column))
                .setParameter("task", taskId)
                .setParameter("call", callId)
                .setParameter("number", number)
                .setParameter("unit", unit)
                .setParameter("role", role == null ? "" : role(role))
                .setParameter("at", timestamp(at))
                .executeUpdate()).replaceWithVoid();
    }

    /** 结案: resolved (CLOSED) or auto-closed (AUTO_CLOSED) — the first verdict of a round stands. */
    public Uni<Void> closed(VerificationClosed c) {
        return verdict(c.callId(), c.round(), c.leadTaskId(), c.handlerUnit(), c.number(), c.autoClosed() ? "AUTO_CLOSED" : "CLOSED",
                c.satisfaction(), c.closedAt());
    }

    /** 返工: not resolved (REOPENED). */
    public Uni<Void> reopened(VerificationReopened r) {
        return verdict(r.callId(), r.round(), r.leadTaskId(), r.handlerUnit(), r.number(), "REOPENED", r.satisfaction(), r.reopenedAt());
    }

    private Uni<Void> verdict(UUID callId, int round, UUID leadTaskId, String handlerUnit, String number, String outcome,
            String satisfaction, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into sla_verification_fact (call_id, round, lead_task_id, handler_unit, number, outcome, satisfaction, answered_at)
                        values (cast(:call as uuid), :round, cast(:task as uuid), :unit, :number, :outcome, nullif(:satisfaction, ''),
                                cast(:at as timestamptz))
                        on conflict (call_id, round) do nothing""")
                .setParameter("call", callId)
                .setParameter("round", round)
                .setParameter("task", leadTaskId)
                .setParameter("unit", handlerUnit)
                .setParameter("number", number)
                .setParameter("outcome", outcome)
                .setParameter("satisfaction", satisfaction == null ? "" : satisfaction)
                .setParameter("at", timestamp(at))
                .executeUpdate()).replaceWithVoid();
    }

    /** A unit's counts of one month: its tasks, and per measure (in {@link AssessmentMeasure} order) [denominator, numerator]. */
    public record UnitCounts(String unitPath, long tasks, long[][] byMeasure) {
    }

    /** Every unit with a task dispatched in [from, to): its counts for every measure. */
    public Uni<List<UnitCounts>> counts(Instant from, Instant to) {
        AssessmentMeasure[] measures = AssessmentMeasure.values();
        return Panache.getSession().chain(session -> rows(session, countsSql(AssessmentMeasure.Source.TASKS), from, to)
                .chain(tasks -> rows(session, countsSql(AssessmentMeasure.Source.VERIFICATIONS), from, to).map(verifications -> {
                    Map<String, long[][]> byUnit = new TreeMap<>();
                    Map<String, Long> taskCounts = new HashMap<>();
                    collect(tasks, AssessmentMeasure.Source.TASKS, byUnit, taskCounts, measures);
                    collect(verifications, AssessmentMeasure.Source.VERIFICATIONS, byUnit, null, measures);
                    List<UnitCounts> counts = new ArrayList<>();
                    byUnit.forEach((unit, c) -> counts.add(new UnitCounts(unit, taskCounts.getOrDefault(unit, 0L), c)));
                    return counts;
                })));
    }

    private static void collect(List<Object[]> rows, AssessmentMeasure.Source source, Map<String, long[][]> byUnit,
            Map<String, Long> taskCounts, AssessmentMeasure[] measures) {
        for (Object[] row : rows) {
            String unit = (String) row[0];
            long[][] c = byUnit.computeIfAbsent(unit, u -> new long[measures.length][2]);
            int col = 1;
            if (taskCounts != null) {
                taskCounts.put(unit, ((Number) row[col++]).longValue());
            }
            for (AssessmentMeasure m : measures) {
                if (m.source() == source) {
                    c[m.ordinal()][0] = ((Number) row[col++]).longValue();
                    c[m.ordinal()][1] = ((Number) row[col++]).longValue();
                }
            }
        }
    }

    /** One row per unit: [unit, (tasks,) then denominator and numerator of each measure of {@code source}]. */
    private static String countsSql(AssessmentMeasure.Source source) {
        // Every column has an alias of its own: Hibernate refuses a native result with two columns of one name.
        StringBuilder select = new StringBuilder("select f.unit_path as unit_path");
        if (source == AssessmentMeasure.Source.TASKS) {
            select.append(", count(*) as tasks");
        }
        for (AssessmentMeasure m : AssessmentMeasure.values()) {
            if (m.source() == source) {
                select.append(", count(*) filter (where ").append(m.denominatorSql()).append(") as d_").append(m.ordinal())
                        .append(", count(*) filter (where ").append(m.denominatorSql()).append(" and ").append(m.numeratorSql())
                        .append(") as n_").append(m.ordinal());
            }
        }
        return select + from(source) + " group by f.unit_path";
    }

    /**
     * The rows behind one unit's figure, oldest task first; {@code limit} rows from {@code offset}.
     * {@code counted}: only the numerator's rows (true), only the rest of the denominator (false), or all (null).
     */
    public Uni<List<TracedTask>> traced(Instant from, Instant to, String unit, AssessmentMeasure measure, Boolean counted, int offset,
            int limit) {
        boolean verifications = measure.source() == AssessmentMeasure.Source.VERIFICATIONS;
        String sql = "select f.number as number, cast(f.call_id as text) as call_id, cast(f.task_id as text) as task_id, f.role as role,"
                + micros("f.dispatched_at", "dispatched_us") + ", " + (verifications ? "v.round" : "cast(null as integer)") + " as round, "
                + measure.numeratorSql() + " as counted, f.title as title,"
                + micros("s.deadline", "sign_for_deadline_us") + "," + micros("s.stopped_at", "sign_for_stopped_us") + ", s.outcome as sign_for_outcome,"
                + micros("r.deadline", "resolve_deadline_us") + ", r.outcome as resolve_outcome,"
                + micros("f.returned_at", "returned_us") + "," + micros("f.completed_at", "completed_us") + ","
                + micros("f.withdrawn_at", "withdrawn_us") + ", "
                + (verifications ? "v.outcome" : "cast(null as text)") + " as verification_outcome, "
                + (verifications ? "v.satisfaction" : "cast(null as text)") + " as satisfaction, "
                + (verifications ? micros("v.answered_at", "answered_us") : "cast(null as bigint) as answered_us")
                + from(measure.source(), true)
                + " and f.unit_path = :unit and " + measure.denominatorSql()
                + (counted == null ? "" : counted ? " and " + measure.numeratorSql() : " and not " + measure.numeratorSql())
                + " order by f.dispatched_at, f.task_id" + (verifications ? ", v.round" : "")
                + " offset :offset limit :limit";
        return Panache.getSession().chain(session -> NativeSelects.create(session, sql, Object[].class)
                .setParameter("from", timestamp(from))
                .setParameter("to", timestamp(to))
                .setParameter("unit", unit)
                .setParameter("offset", (long) offset)
                .setParameter("limit", (long) limit)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new TracedTask((String) r[0], UUID.fromString((String) r[1]),
                        UUID.fromString((String) r[2]), (String) r[3], instant(r[4]), r[5] == null ? null : ((Number) r[5]).intValue(),
                        Boolean.TRUE.equals(r[6]), (String) r[7], instant(r[8]), instant(r[9]), (String) r[10], instant(r[11]),
                        (String) r[12], instant(r[13]), instant(r[14]), instant(r[15]), (String) r[16], (String) r[17], instant(r[18])))
                        .toList());
    }

    /** A timestamp as microseconds since the epoch: what a native result reads back without a time-zone guess. */
    private static String micros(String column, String alias) {
        return " cast(extract(epoch from " + column + ") * 1000000 as bigint) as " + alias;
    }

    private static Instant instant(Object micros) {
        return micros == null ? null : Instant.EPOCH.plus(((Number) micros).longValue(), ChronoUnit.MICROS);
    }

    /** [denominator, numerator] of one unit's figure for {@code measure} in [from, to). */
    public Uni<long[]> count(Instant from, Instant to, String unit, AssessmentMeasure measure) {
        String sql = "select count(*) as denominator, count(*) filter (where " + measure.numeratorSql() + ") as numerator" + from(measure.source())
                + " and f.unit_path = :unit and " + measure.denominatorSql();
        return Panache.getSession().chain(session -> NativeSelects.create(session, sql, Object[].class)
                .setParameter("from", timestamp(from))
                .setParameter("to", timestamp(to))
                .setParameter("unit", unit)
                .getSingleResult())
                .map(r -> new long[] {((Number) r[0]).longValue(), ((Number) r[1]).longValue()});
    }

    /**
     * The rows a measure of {@code source} reads, limited to the tasks dispatched in [:from, :to); ends inside the where clause.
     * A task row has its SIGN_FOR and RESOLVE clocks (s, r) at hand, which the measures over tasks count by; a verification row
     * has them when {@code clocks} (the calls behind a figure show them).
     */
    private static String from(AssessmentMeasure.Source source) {
        return from(source, source == AssessmentMeasure.Source.TASKS);
    }

    private static String from(AssessmentMeasure.Source source, boolean clocks) {
        String rows = (source == AssessmentMeasure.Source.TASKS
                ? " from sla_task_fact f"
                : " from sla_task_fact f join sla_verification_fact v on v.lead_task_id = f.task_id")
                + (clocks ? " left join sla_clock s on s.clock_key = 'SIGN_FOR:' || cast(f.task_id as text)"
                + " left join sla_clock r on r.clock_key = 'RESOLVE:' || cast(f.task_id as text)" : "");
        return rows + " where f.dispatched_at >= cast(:from as timestamptz) and f.dispatched_at < cast(:to as timestamptz)";
    }

    private static Uni<List<Object[]>> rows(Mutiny.Session session, String sql, Instant from, Instant to) {
        return NativeSelects.create(session, sql, Object[].class)
                .setParameter("from", timestamp(from))
                .setParameter("to", timestamp(to))
                .getResultList();
    }

    /** The reactive PostgreSQL client binds timestamptz parameters from OffsetDateTime only. */
    private static OffsetDateTime timestamp(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static String role(TaskRole role) {
        return role.name();
    }
}
