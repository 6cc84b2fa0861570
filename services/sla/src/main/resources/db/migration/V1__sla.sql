-- 时限标准 — SLA policies as versioned data; one version is active.
create table sla_policy (
    version      text primary key,
    document     text not null,                 -- the policy JSON (huying/sla/policies.json format)
    active       boolean not null default false,
    loaded_at    timestamptz not null default now()
);
create unique index sla_policy_one_active on sla_policy ((true)) where active;

-- 工作日历 — working calendars, one document per year and version; one version per year is active.
create table sla_calendar (
    year         integer not null,
    version      text not null,
    document     text not null,                 -- the calendar JSON (sla-calendar's huying/calendars/<year>.json format)
    active       boolean not null default false,
    loaded_at    timestamptz not null default now(),
    primary key (year, version)
);
create unique index sla_calendar_one_active on sla_calendar (year) where active;

-- What the engine knows of a call (from 立项 or a dispatched task): a verification clock needs its
-- category and urgency, which huying.verification.opened.v1 does not carry.
create table sla_call (
    call_id        uuid primary key,
    number         text not null,
    category_code  text not null,
    urgency        text not null,
    raising_unit   text not null,
    street_path    text not null
);

-- A clock (时限). Its natural key says what it measures: DISPATCH:<call>, END_TO_END:<call>,
-- SIGN_FOR:<task>, RESOLVE:<task>, VERIFY:<call>:<round>. The deadline is a function of
-- (started_at, duration, extended_deadline, paused time, calendar), so a new policy or calendar
-- recomputes it and keeps the time already used.
create table sla_clock (
    id                        uuid primary key,
    clock_key                 text not null unique,
    kind                      text not null,        -- DISPATCH | SIGN_FOR | RESOLVE | VERIFY | END_TO_END
    call_id                   uuid not null,
    task_id                   uuid,
    round                     integer not null default 0,
    number                    text not null,
    unit_path                 text not null,
    street_path               text not null,
    category_code             text not null,
    urgency                   text not null,
    state                     text not null,        -- RUNNING | PAUSED | STOPPED
    started_at                timestamptz not null,
    duration_amount           integer not null,
    duration_unit             text not null,
    warning_thresholds        text not null,        -- e.g. 50,75
    policy_version            text not null,
    calendar_version          text not null,
    deadline                  timestamptz not null,
    warnings_at               text not null,        -- ISO instants, comma-separated, in threshold order
    extended_deadline         timestamptz,          -- 延期: the granted deadline
    paused_at                 timestamptz,          -- 挂起 since
    paused_seconds            bigint not null default 0,
    paused_working_seconds    bigint not null default 0,
    extension_paused_seconds          bigint not null default 0,   -- paused time when the extension was granted
    extension_paused_working_seconds  bigint not null default 0,
    warned_threshold          integer,              -- the highest warning announced
    breached_at               timestamptz,          -- the breach was announced (at the deadline)
    stopped_at                timestamptz,
    stop_reason               text,
    outcome                   text,                 -- MET | BREACHED
    updated_at                timestamptz not null default now()
);
create index sla_clock_call on sla_clock (call_id);
create index sla_clock_open_unit on sla_clock (unit_path text_pattern_ops) where state <> 'STOPPED';
create index sla_clock_unit_deadline on sla_clock (unit_path text_pattern_ops, deadline);
create index sla_clock_breached on sla_clock (breached_at desc) where breached_at is not null or outcome = 'BREACHED';

-- A stop that arrived before its start (e.g. 签收 before 派遣, across topics): the start finds it and
-- creates the clock already stopped.
create table sla_early_stop (
    clock_key    text primary key,
    call_id      uuid not null,
    stopped_at   timestamptz not null,
    reason       text not null
);

-- A verification clock whose call the engine does not know yet: started when the call's facts arrive.
create table sla_parked_start (
    clock_key    text primary key,
    call_id      uuid not null,
    kind         text not null,
    task_id      uuid,
    round        integer not null,
    number       text not null,
    unit_path    text not null,
    started_at   timestamptz not null
);
create index sla_parked_start_call on sla_parked_start (call_id);

-- Durable timers: warnings, the breach and the escalations of running clocks. The poller claims due
-- rows with FOR UPDATE SKIP LOCKED, stamps fired_at and writes the events to the outbox in the same
-- transaction, so each fires once however many instances poll. A stopped or paused clock has no
-- unfired timers. Fired rows stay: a step that fired is never planned again.
create table sla_timer (
    id             bigint generated always as identity primary key,
    clock_id       uuid not null references sla_clock (id) on delete cascade,
    step           text not null,        -- WARNING:75, BREACH, URGE:<unit>, SUPERVISE:<unit>, NOTIFY:<unit>
    kind           text not null,        -- WARNING | BREACH | ESCALATION
    threshold      integer,
    level          text,                 -- URGE | SUPERVISE | NOTIFY
    notified_unit  text,
    due_at         timestamptz not null,
    fired_at       timestamptz,
    claim          uuid,                 -- the poll that fired it
    unique (clock_id, step)
);
create index sla_timer_due on sla_timer (due_at) where fired_at is null;
create index sla_timer_claim on sla_timer (claim) where claim is not null;
