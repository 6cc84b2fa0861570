-- 退回, 返工, 改派, 终审 and 延期: what happened to each task after dispatch, and the dispatcher's decisions.
alter table dispatch_case add column queue_reason text;                 -- NO_RULE | RETURNED | ARBITRATION while QUEUED
alter table dispatch_case add column returns integer not null default 0; -- how often the lead task was returned (退回)
update dispatch_case set queue_reason = 'NO_RULE' where state = 'QUEUED';

alter table task add column reason text not null default 'ROUTED';      -- ROUTED | REROUTED | REDISPATCHED | REWORK | ARBITRATED
alter table task add column round integer not null default 1;           -- handling round: +1 per rework (返工)
alter table task add column replaces_task_id uuid;
alter table task add column ended_at timestamptz;                       -- when it was completed, returned or withdrawn

-- Every call has at most one live lead task (主办): dispatched or signed for.
drop index task_one_lead_per_call;
create unique index task_one_live_lead_per_call on task (call_id) where role = 'LEAD' and status in ('DISPATCHED', 'ACKNOWLEDGED');

-- 延期申请 as the dispatcher sees them; id is the id of the huying.task.extension-requested.v1 event.
create table extension_request (
    id                   uuid primary key,
    task_id              uuid not null references task (id),
    call_id              uuid not null references dispatch_case (call_id),
    unit_path            text not null,
    dispatch_unit        text not null,       -- whose dispatchers decide
    requested_deadline   timestamptz not null,
    reason               text,
    requested_by         text not null,
    requested_at         timestamptz not null,
    state                text not null,       -- PENDING | APPROVED | REFUSED
    granted_deadline     timestamptz,
    comment              text,
    decided_by           text,
    decided_at           timestamptz
);
create index extension_request_pending on extension_request (dispatch_unit text_pattern_ops, requested_at) where state = 'PENDING';
create index extension_request_task on extension_request (task_id);
