-- 时限动态 — every SLA event written to the outbox is announced at commit on channel huying_sla_event,
-- with the whole CloudEvent (well under NOTIFY's 8000-byte limit), so each replica's SlaEventFeed can
-- push it to the live streams that see its unit (GET /api/sla/stream) without reading it back.
create function sla_event_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('huying_sla_event', new.payload);
    return null;
end $$;
create trigger sla_event_written after insert on huying_outbox
    for each row when (new.topic = 'huying.sla' and octet_length(new.payload) < 7900)
    execute function sla_event_notify();
