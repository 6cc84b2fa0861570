-- The trace of the work that started a clock (W3C traceparent): its warnings, breach and escalations,
-- fired later by the timer poller, continue that trace, so one call stays one trace (docs/operations.md).
alter table sla_clock add column traceparent text;
