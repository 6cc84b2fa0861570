-- 办理进度实时 — each new timeline step, and each change of a call's own row, is announced on channel
-- huying_call with the call's id, so every replica's CallFeed can push the call to its open pages
-- (GET /api/calls/{id}/stream). NOTIFY is delivered at commit, and a payload repeated within one
-- transaction is delivered once: a batch projecting several steps of a call announces it once.
create function call_notify_steps() returns trigger language plpgsql as $$
begin
    perform pg_notify('huying_call', json_build_object('callId', c.call_id)::text)
        from (select distinct call_id from added) c;
    return null;
end $$;
create trigger call_timeline_added after insert on call_timeline
    referencing new table as added
    for each statement execute function call_notify_steps();

create function call_notify_row() returns trigger language plpgsql as $$
begin
    perform pg_notify('huying_call', json_build_object('callId', new.id)::text);
    return null;
end $$;
create trigger call_changed after update on calls
    for each row when (old.* is distinct from new.*) execute function call_notify_row();
