-- 12345 热线工单: a work order forwarded by the municipal 12345 platform is a call whose external id is
-- the order number (工单编号). One call per order, whatever the retries.
alter table calls add column external_id text;
create unique index calls_external_id on calls (external_id) where external_id is not null;
-- An order merged into another call (并案) follows that call's steps.
create index calls_merged_orders on calls (merged_into_id) where external_id is not null;

-- 回传: every lifecycle step of an order's call (受理, 签收, 办结, 结案, 退回, 延期), posted back to the
-- 12345 platform in order per order (by the step's time), at least once. Written by the timeline in the
-- transaction that projects the step; delivered by HotlineCallbacks, one order's oldest open step at a time.
create table hotline_callback (
    id               uuid primary key,
    order_no         text not null,
    call_id          uuid not null,       -- the order's own call
    call_number      text not null,
    step_call_number text not null,       -- the call the step happened to (the order's, or the one it was merged into)
    event_id         uuid not null,
    step             text not null,       -- HotlineStep
    at               timestamptz not null,
    unit_path        text,
    note             text,
    seq              integer,             -- the order's delivery sequence, 1, 2, …: given when the step is first sent
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null,
    lease_until      timestamptz,         -- a sender holds it until then
    delivered_at     timestamptz,
    last_status      integer,
    last_error       text,
    created_at       timestamptz not null default now(),
    unique (event_id, order_no),
    unique (order_no, seq)
);
-- Each order's oldest open step (the sender's heads).
create index hotline_callback_open on hotline_callback (order_no, at, id) where delivered_at is null;
create index hotline_callback_order on hotline_callback (order_no, at);
