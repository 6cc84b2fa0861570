package io.huying.sla.domain;

import io.huying.contracts.EventTypes;

/**
 * 考核指标 — the measures of a unit's month (DESIGN §5 Assessment), each a count of the tasks (or
 * answered verifications) in its denominator and of those among them in its numerator. One definition
 * serves the figure and the list of calls behind it ({@code GET /api/sla/assessment/calls}), so every
 * figure can be traced to the tasks it counts.
 *
 * <p>A unit's month is the tasks dispatched to it (its {@code unitPath}) in that calendar month in
 * Asia/Shanghai: a task belongs to the month its SIGN_FOR clock started in (its {@code task.dispatched}).
 * A verification belongs to the month of the lead task it judged. Figures of a month are "as of now":
 * they settle as its tasks end and their calls are verified.
 *
 * <p>The SQL predicates read {@code f} (the task's {@code sla_task_fact}), {@code s} and {@code r} (its
 * SIGN_FOR and RESOLVE clocks) and, for the measures over verifications, {@code v} (an
 * {@code sla_verification_fact} whose lead task is {@code f}). They are constants, never built from input.
 */
public enum AssessmentMeasure {
    /**
     * 签收及时率 (also the 三率's 响应率): tasks, lead and assisting, whose SIGN_FOR clock stopped MET
     * (signed for, or returned, by the deadline) / tasks whose SIGN_FOR clock stopped or breached. A clock
     * still open and not yet due does not count; a task withdrawn (改派) before it was signed for is left out.
     */
    SIGN_FOR_ON_TIME(Source.TASKS,
            "s.id is not null and s.stop_reason is distinct from '" + EventTypes.TASK_WITHDRAWN + "'"
                    + " and (s.state = 'STOPPED' or s.breached_at is not null)",
            "s.state = 'STOPPED' and s.outcome = 'MET'"),

    /**
     * 按期办结率: lead tasks completed (办结) with their RESOLVE clock MET (by the deadline, extensions
     * included) / lead tasks completed or whose RESOLVE clock breached. Returned and withdrawn tasks are
     * left out; a task still open and not yet due does not count.
     */
    RESOLVED_ON_TIME(Source.TASKS,
            "f.role = 'LEAD' and f.returned_at is null and f.withdrawn_at is null"
                    + " and (f.completed_at is not null or r.breached_at is not null)",
            "f.completed_at is not null and r.outcome = 'MET'"),

    /** 退回率: tasks the unit returned (退回) / tasks dispatched to it, lead and assisting. */
    RETURNED(Source.TASKS, "true", "f.returned_at is not null"),

    /**
     * 返工率: completed lead tasks whose call the raiser then reopened (返工: the verification that judged
     * that completion came back unresolved) / completed lead tasks.
     */
    REWORKED(Source.TASKS,
            "f.role = 'LEAD' and f.completed_at is not null",
            "exists (select 1 from sla_verification_fact rv where rv.lead_task_id = f.task_id and rv.outcome = 'REOPENED')"),

    /**
     * 满意率: verifications of the unit's completed lead tasks rated 满意 or 基本满意 / such verifications
     * answered by the raiser (closed or reopened). Auto-closed verifications (no answer in time) are
     * left out: nobody rated them.
     */
    SATISFIED(Source.VERIFICATIONS,
            "v.outcome in ('CLOSED', 'REOPENED')",
            "v.satisfaction in ('SATISFIED', 'BASICALLY_SATISFIED')"),

    /**
     * 解决率 (of the 三率): answered verifications that found the matter resolved (closed, not reopened) /
     * answered verifications — the same denominator as {@link #SATISFIED}.
     */
    RESOLVED(Source.VERIFICATIONS,
            "v.outcome in ('CLOSED', 'REOPENED')",
            "v.outcome = 'CLOSED'");

    /** What a measure counts: the unit's tasks of the month, or the answered verifications of its lead tasks of the month. */
    public enum Source {
        TASKS, VERIFICATIONS
    }

    private final Source source;
    private final String denominator;
    private final String numerator;

    AssessmentMeasure(Source source, String denominator, String numerator) {
        this.source = source;
        this.denominator = denominator;
        this.numerator = numerator;
    }

    public Source source() {
        return source;
    }

    /** SQL: the row counts in the denominator. */
    public String denominatorSql() {
        return "(" + denominator + ")";
    }

    /** SQL: a row of the denominator counts in the numerator too. */
    public String numeratorSql() {
        return "(" + numerator + ")";
    }
}
