-- What an Open311 client (or any reader of a call) learns about who handles it and by when, projected
-- by the timeline from the lifecycle topics in any order: the call's latest lead task (主办), and the
-- resolve deadline (办结时限) the SLA engine set for each task.
create table call_lead_task (
    call_id        uuid primary key,      -- no foreign key: an event may arrive before its call
    task_id        uuid not null,
    unit_path      text not null,
    dispatched_at  timestamptz not null   -- the dispatch event's time: a later lead dispatch replaces it
);

create table task_resolve_deadline (
    task_id   uuid primary key,
    call_id   uuid not null,
    deadline  timestamptz not null,
    set_at    timestamptz not null        -- the clock event's time: a later start or change replaces it
);

-- Requests raised through Open311 (raised_by_subject 'open311:<client>'), newest first.
create index calls_open311 on calls (raised_at desc) where raised_by_subject like 'open311:%';
