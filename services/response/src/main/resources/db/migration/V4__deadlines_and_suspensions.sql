-- 时限 — the SLA engine's sign-for (签收) and resolve (办结) clocks of each task, from huying.sla.
-- Kept in a table of their own because huying.sla may speak of a task before huying.tasks brings
-- it; the inbox row copies them (refreshed from both sides), so lists need no join.
create table task_sla (
    task_id   uuid not null,
    clock     text not null,                -- SIGN_FOR | RESOLVE
    deadline  timestamptz not null,
    state     text not null,                -- ON_TRACK | AT_RISK | BREACHED | MET
    stopped   boolean not null default false,
    at        timestamptz not null,         -- the SLA event's time
    primary key (task_id, clock)
);

alter table inbox_task
    add column sign_for_deadline timestamptz,
    add column sign_for_sla      text,
    add column resolve_deadline  timestamptz,
    add column resolve_sla       text;

-- 挂起 — since when a dispatcher suspended the task (null while it runs); the unit may still act.
alter table inbox_task add column suspended_at timestamptz;
