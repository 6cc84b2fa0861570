-- The trace context of the work that wrote an outbox row (W3C traceparent), sent with the record as its
-- traceparent header, so a consumer's work joins the trace of the request or event that caused it.
alter table huying_outbox add column traceparent text;
alter table huying_outbox_parked add column traceparent text;
