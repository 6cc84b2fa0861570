-- 呼叫 — calls raised by community and street offices, and their acceptance (立项).
create table calls (
    id                  uuid primary key,
    number              text not null unique,
    status              text not null,
    raising_unit        text not null,
    street_path         text not null,
    raised_by_subject   text not null,
    raised_by_username  text not null,
    category_code       text not null,
    catalogue_version   text not null,
    urgency             text not null,
    request_type        text not null,
    title               text not null,
    description         text not null,
    address             text not null,
    address_key         text not null,      -- normalised address, for duplicate matching
    grid_path           text not null,
    latitude            double precision,
    longitude           double precision,
    reporter_name       text,
    reporter_phone      text,
    attachments         text not null,      -- JSON array of URLs
    channel             text not null,
    merged_into_id      uuid references calls (id),
    merged_into_number  text,
    rejection_code      text,
    rejection_reason    text,
    raised_at           timestamptz not null,
    status_changed_at   timestamptz not null
);
-- Path-scoped listing: the caller's unit and everything below it, newest first.
create index calls_raising_unit on calls (raising_unit text_pattern_ops, raised_at desc);
create index calls_raised_at on calls (raised_at desc);
-- Duplicate candidates: open calls of one street and category.
create index calls_open_by_category on calls (street_path, category_code, raised_at) where status = 'ACCEPTED';

-- Human numbers: sequential per street per day (JS-20261127-0001).
create table call_number_counter (
    street_code  text not null,
    day          date not null,
    last_value   integer not null,
    primary key (street_code, day)
);
