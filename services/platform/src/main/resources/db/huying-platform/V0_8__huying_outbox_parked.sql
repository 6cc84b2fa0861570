-- Outbox rows Kafka refused for good (too large, an invalid topic, not authorised) are parked here
-- after huying.outbox.max-attempts attempts, with their last error, so the rows behind them flow on.
-- The admin API lists them and can put one back in the outbox (OutboxRelay, DeadLetterAdmin).
create table huying_outbox_parked (
    id            uuid primary key,
    seq           bigint not null,
    topic         text not null,
    message_key   text not null,
    event_type    text not null,
    payload       text not null,
    created_at    timestamptz not null,
    attempts      integer not null,
    last_error    text,
    parked_at     timestamptz not null default now()
);
