-- 考核 (assessment) facts, recorded by the lifecycle consumer as it sees the events (AssessmentFacts),
-- under the call's advisory lock and idempotently: each column is set once, by the first event that
-- carries it, so a redelivery or the same fact under a new event id changes nothing, and an event that
-- overtakes task.dispatched creates the row that task.dispatched completes. The sign-for and resolve
-- outcomes are not copied: they are the task's SIGN_FOR:<task> and RESOLVE:<task> clocks in sla_clock.
-- Facts start with this version: events consumed before it are not in these tables.

-- One row per task (派遣): whose it is and what became of it.
create table sla_task_fact (
    task_id        uuid primary key,
    call_id        uuid not null,
    number         text not null,
    unit_path      text not null,          -- the handling unit (部门 / 科室)
    role           text,                   -- LEAD (主办) | ASSIST (协办)
    dispatched_at  timestamptz,            -- null until task.dispatched arrives; the month a task counts in
    returned_at    timestamptz,            -- 退回
    completed_at   timestamptz,            -- 办结
    withdrawn_at   timestamptz             -- 撤回 (改派)
);
create index sla_task_fact_month on sla_task_fact (dispatched_at, unit_path);
create index sla_task_fact_call on sla_task_fact (call_id);

-- One row per answered verification round (核查/回访): the raiser's verdict on one completed lead task.
create table sla_verification_fact (
    call_id        uuid not null,
    round          integer not null,
    lead_task_id   uuid not null,          -- the lead task whose completion was judged
    handler_unit   text not null,
    number         text not null,
    outcome        text not null,          -- CLOSED (resolved) | REOPENED (返工) | AUTO_CLOSED (no answer in time)
    satisfaction   text,                   -- SATISFIED 满意 | BASICALLY_SATISFIED 基本满意 | DISSATISFIED 不满意; null when auto-closed
    answered_at    timestamptz not null,
    primary key (call_id, round)
);
create index sla_verification_fact_lead_task on sla_verification_fact (lead_task_id);
