-- 响应 — each responding unit's inbox: its tasks and what it did with them.
create table inbox_task (
    task_id           uuid primary key,
    call_id           uuid not null,
    number            text not null,
    role              text not null,        -- LEAD (主办) | ASSIST (协办)
    unit_path         text not null,
    raising_unit      text not null,
    street_path       text not null,
    category_code     text not null,
    urgency           text not null,
    urgency_rank      integer not null,     -- 0 特急, 1 紧急, 2 一般: the inbox lists the most urgent first
    title             text not null,
    status            text not null,        -- DISPATCHED, ACKNOWLEDGED, IN_PROGRESS, COMPLETED, RETURNED
    dispatched_at     timestamptz not null,
    acknowledged_at   timestamptz,
    completed_at      timestamptz,
    returned_at       timestamptz,
    updated_at        timestamptz not null
);
create index inbox_task_unit on inbox_task (unit_path text_pattern_ops, urgency_rank, dispatched_at);
create index inbox_task_call on inbox_task (call_id);

-- Everything a unit did with a task, in order.
create table task_activity (
    id                  uuid primary key,
    task_id             uuid not null references inbox_task (task_id),
    kind                text not null,      -- ACKNOWLEDGED, PROGRESS, CONTACTED_CALLER, COMPLETED, RETURNED, EXTENSION_REQUESTED
    text                text,
    reason_code         text,
    evidence            text,               -- JSON array of URLs
    requested_deadline  timestamptz,
    actor_username      text not null,
    at                  timestamptz not null
);
create index task_activity_task on task_activity (task_id, at);
