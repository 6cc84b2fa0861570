-- 派遣 — one dispatch case per accepted call, and the tasks it was dispatched as.
create table dispatch_case (
    call_id        uuid primary key,
    number         text not null,
    raising_unit   text not null,
    street_path    text not null,
    category_code  text not null,
    urgency        text not null,
    title          text not null,
    state          text not null,           -- ROUTED | QUEUED
    queue_unit     text,                    -- whose dispatchers must act while QUEUED
    accepted_at    timestamptz not null,
    updated_at     timestamptz not null
);
create index dispatch_case_queued on dispatch_case (queue_unit text_pattern_ops, accepted_at) where state = 'QUEUED';

create table task (
    id                  uuid primary key,
    call_id             uuid not null references dispatch_case (call_id),
    role                text not null,      -- LEAD (主办) | ASSIST (协办)
    unit_path           text not null,
    status              text not null,      -- DISPATCHED; later RETURNED, …
    dispatched_at       timestamptz not null,
    dispatched_by_kind  text not null,      -- RULE | DISPATCHER
    rule_id             text,
    dispatcher          text
);
create index task_call on task (call_id);
create index task_unit on task (unit_path text_pattern_ops);
-- Every call has exactly one live lead task (主办).
create unique index task_one_lead_per_call on task (call_id) where role = 'LEAD' and status = 'DISPATCHED';
