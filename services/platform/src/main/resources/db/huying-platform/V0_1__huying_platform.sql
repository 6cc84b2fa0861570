-- Platform tables shared by every Huying service (outbox, inbox, idempotency keys).
-- Versions 0.x belong to the platform; a service's own migrations start at V1.

-- Transactional outbox: written in the same transaction as the state change it announces.
create table huying_outbox (
    id            uuid primary key,              -- the CloudEvent id
    seq           bigserial not null unique,     -- relay order
    topic         text not null,
    message_key   text not null,                 -- the call id
    event_type    text not null,
    payload       text not null,                 -- the whole CloudEvent, as published
    created_at    timestamptz not null default now(),
    published_at  timestamptz,
    attempts      integer not null default 0,
    last_error    text
);
create index huying_outbox_unpublished on huying_outbox (seq) where published_at is null;
create index huying_outbox_published_at on huying_outbox (published_at) where published_at is not null;

-- The relay listens on this channel; NOTIFY is delivered only when the writing transaction commits.
create function huying_outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('huying_outbox', '');
    return null;
end $$;
create trigger huying_outbox_inserted after insert on huying_outbox
    for each statement execute function huying_outbox_notify();

-- Idempotent consumers: (consumer, event id) is inserted first, in the same transaction as the effect.
create table huying_processed_event (
    consumer      text not null,
    event_id      uuid not null,
    processed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);

-- Idempotency-Key of creating writes: the first request's result is kept and replayed.
create table huying_idempotency_key (
    scope         text not null,                 -- the caller's subject
    key           text not null,
    request_hash  text not null,
    status        integer,
    location      text,
    body          text,
    created_at    timestamptz not null default now(),
    primary key (scope, key)
);
