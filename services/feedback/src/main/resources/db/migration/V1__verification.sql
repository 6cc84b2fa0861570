-- 核查/回访 — one verification per call, reopened for each round of rework.
create table verification (
    call_id        uuid primary key,
    number         text not null,
    raising_unit   text not null,
    lead_task_id   uuid not null,
    handler_unit   text not null,
    round          integer not null,
    result         text not null,
    status         text not null,          -- OPEN | CLOSED | REOPENED
    opened_at      timestamptz not null,
    due_at         timestamptz not null,
    satisfaction   text,                   -- SATISFIED | BASICALLY_SATISFIED | DISSATISFIED
    comment        text,
    auto_closed    boolean not null default false,
    decided_by     text,
    decided_at     timestamptz
);
create index verification_raiser on verification (raising_unit text_pattern_ops, status, due_at);
create index verification_due on verification (due_at) where status = 'OPEN';
