-- The call the unit must handle, as dispatch carries it on huying.task.dispatched.v1 ("call"): request
-- type, description, where, who reported it (personal data, masked in views except for the handling
-- and the raising unit), attachment URLs and uploaded files (JSON arrays). Null for tasks dispatched
-- before the call travelled with them.
alter table inbox_task
    add column call_request_type text,
    add column call_description  text,
    add column call_address      text,
    add column call_grid_path    text,
    add column call_latitude     double precision,
    add column call_longitude    double precision,
    add column reporter_name     text,
    add column reporter_phone    text,
    add column call_attachments  text,
    add column call_files        text;

-- 分派到人 — the member of the unit who handles the task; null until the unit assigns it.
alter table inbox_task
    add column assignee_username text,
    add column assignee_name     text;
create index inbox_task_assignee on inbox_task (assignee_username) where assignee_username is not null;

-- The task's active (open) deadline, what the inbox is ordered and filtered by: the sign-for deadline
-- (签收时限) until the task is signed for, then the agreed (延期) or resolve deadline (办结时限); none
-- once the task is finished. Generated, so it always agrees with the columns it derives from.
alter table inbox_task
    add column deadline_kind text generated always as (
        case when status = 'DISPATCHED' and sign_for_deadline is not null then 'SIGN_FOR'
             when status in ('DISPATCHED', 'ACKNOWLEDGED', 'IN_PROGRESS') and coalesce(agreed_deadline, resolve_deadline) is not null
                 then 'RESOLVE' end) stored,
    add column deadline_at timestamptz generated always as (
        case when status = 'DISPATCHED' and sign_for_deadline is not null then sign_for_deadline
             when status in ('DISPATCHED', 'ACKNOWLEDGED', 'IN_PROGRESS') then coalesce(agreed_deadline, resolve_deadline) end) stored,
    add column deadline_state text generated always as (
        case when status = 'DISPATCHED' and sign_for_deadline is not null then sign_for_sla
             when status in ('DISPATCHED', 'ACKNOWLEDGED', 'IN_PROGRESS') and coalesce(agreed_deadline, resolve_deadline) is not null
                 then resolve_sla end) stored;
-- The inbox's order: nearest open deadline first (none last, as ascending order puts nulls), then the
-- most urgent, then the first received.
create index inbox_task_by_deadline on inbox_task (unit_path text_pattern_ops, deadline_at, urgency_rank, received_at);

-- Evidence files of a completion (办结), JSON array of FileRef.
alter table task_activity add column files text;

-- 单位成员 — the department staff response has seen (from their tokens: username, display name,
-- unit), so a unit can assign a task to a named member (分派到人). Refreshed at most every few minutes
-- per user; a user moved to another unit moves with their next request.
create table unit_member (
    username   text primary key,
    name       text not null,
    unit_path  text not null,
    seen_at    timestamptz not null
);
create index unit_member_unit on unit_member (unit_path, username);
