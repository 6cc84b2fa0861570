-- One call is one trace (docs/operations.md): the trace context under which this service first met each
-- call — a consumed event's span, or the request that raised it. An event the service writes later about
-- the call from a request of its own (a task signed for, a verification given) continues that trace, so
-- the consumers downstream join the call's trace rather than a trace of their own. Purged with the
-- processed-event rows (RetentionPurge).
create table huying_call_trace (
    call_id      text primary key,
    traceparent  text not null,
    recorded_at  timestamptz not null default now()
);
