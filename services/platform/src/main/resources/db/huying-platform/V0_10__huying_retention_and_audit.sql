-- Retention (RetentionPurge): processed-event rows and idempotency keys go after a configurable age;
-- these indexes find the old ones without reading the tables. processed_at grows with time, so its
-- index takes each insert on its right-most page.
create index huying_processed_event_processed_at on huying_processed_event (processed_at);
create index huying_idempotency_key_created_at on huying_idempotency_key (created_at);

-- 操作审计日志 — every write request to this service (AuditTrail): who, in which unit, when, what, and
-- the outcome. Append-only: no update, no truncate, and no delete of a row younger than 180 days
-- (等保 2.0 keeps audit records at least six months); RetentionPurge removes older rows when
-- huying.retention.audit-log allows it.
create table huying_audit_log (
    id          bigserial primary key,
    occurred_at timestamptz not null default now(),
    subject     text,                      -- the token's subject; null when unauthenticated
    username    text,
    units       text,                      -- the caller's org units, comma-separated
    roles       text,                      -- the caller's realm roles, comma-separated
    action      text not null,             -- method and path template, e.g. POST /api/tasks/{id}/sign
    target      text not null,             -- the path as requested
    status      integer not null,
    outcome     text not null,             -- SUCCEEDED, REFUSED (4xx) or FAILED (5xx)
    client_ip   text,
    request_id  text,
    detail      text                       -- what the operation adds, e.g. the reason a phone number was revealed
);
create index huying_audit_log_occurred_at on huying_audit_log (occurred_at);
create index huying_audit_log_username on huying_audit_log (username, occurred_at);

create function huying_audit_log_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        if old.occurred_at < now() - interval '180 days' then
            return old;
        end if;
    end if;
    raise exception 'huying_audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger huying_audit_log_no_change before update or delete on huying_audit_log
    for each row execute function huying_audit_log_append_only();
create trigger huying_audit_log_no_truncate before truncate on huying_audit_log
    for each statement execute function huying_audit_log_append_only();
