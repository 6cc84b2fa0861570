-- 立项审核 — which categories of a street wait for its 综治中心 dispatcher's review after acceptance,
-- set as data by that street's dispatchers (PUT /api/calls/review/rules).
create table call_review_rule (
    street_path    text not null,
    category_code  text not null,
    set_by         text not null,
    set_at         timestamptz not null,
    primary key (street_path, category_code)
);

-- The dispatcher's decision on a reviewed (or unmerged) call: who, when, what, and why.
alter table calls add column review_decision text;
alter table calls add column reviewed_by text;
alter table calls add column reviewed_by_subject text;
alter table calls add column reviewed_by_unit text;
alter table calls add column reviewed_at timestamptz;
alter table calls add column review_note text;

-- The review list: the calls of a street waiting for review, oldest first.
create index calls_pending_review on calls (street_path, raised_at) where status = 'PENDING_REVIEW';
