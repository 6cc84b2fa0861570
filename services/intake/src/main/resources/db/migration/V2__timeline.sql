-- The raiser's view of a call: every step from every service, projected from the lifecycle topics.
create table call_timeline (
    event_id    uuid primary key,
    call_id     uuid not null,            -- no foreign key: an event may arrive before or without its call
    at          timestamptz not null,     -- when the fact happened (the CloudEvent time)
    type        text not null,
    label       text not null,            -- 立项, 派遣, 签收, 办结, 结案, …
    unit_path   text,
    actor       text,
    note        text,
    lifecycle   text                      -- the call's status after this step; null when the step does not move it
);
create index call_timeline_call on call_timeline (call_id, at);

-- Where the call stands in the whole chain, derived from its timeline (intake's own decision stays in status).
alter table calls add column lifecycle text;
update calls set lifecycle = status;
alter table calls alter column lifecycle set not null;
drop index calls_open_by_category;
create index calls_open_by_category on calls (street_path, category_code, raised_at)
    where status = 'ACCEPTED' and lifecycle <> 'CLOSED';
