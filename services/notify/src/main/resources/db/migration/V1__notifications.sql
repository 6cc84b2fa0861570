-- 通知 — in-app notifications, addressed to one org unit each; read state is per user.
create table notification (
    id            uuid primary key,
    kind          text not null,        -- TASK_NEW, TASK_CHANGED, WARNING, BREACH, URGE (催办), SUPERVISE (督办), NOTICE (通报)
    title         text not null,
    body          text not null,
    call_id       uuid not null,
    task_id       uuid,
    number        text not null,
    unit_path     text not null,        -- the addressee: visible to the members of exactly this unit
    urgency       text,                 -- ROUTINE (一般) | URGENT (紧急) | CRITICAL (特急)
    urgent        boolean not null,     -- sent at once on outbound channels; otherwise held for working hours
    at            timestamptz not null, -- when what it reports happened (the event's time)
    created_at    timestamptz not null,
    source_event  uuid not null,        -- the CloudEvent it came from: one notification per event and addressee
    unique (source_event, unit_path)
);
create index notification_unit on notification (unit_path, created_at desc, id desc);

-- 已读 — who has read what; a notification without a row for a user is unread for that user.
create table notification_read (
    notification_id  uuid not null references notification (id) on delete cascade,
    username         text not null,
    read_at          timestamptz not null,
    primary key (username, notification_id)
);
create index notification_read_notification on notification_read (notification_id);

-- Outbound subscriptions: a unit receives its notifications on a channel too (EMAIL for now).
create table notification_subscription (
    unit_path     text not null,
    channel       text not null,        -- EMAIL (SMS, WECOM once an adapter exists)
    addresses     text not null,        -- comma-separated recipients
    urgent_only   boolean not null,
    updated_at    timestamptz not null,
    primary key (unit_path, channel)
);

-- Outbound deliveries, written with their notification: a channel that is down loses nothing. The
-- relay sends what is due (next_attempt_at), each row once (FOR UPDATE SKIP LOCKED across replicas).
create table notification_delivery (
    id               uuid primary key,
    notification_id  uuid not null references notification (id) on delete cascade,
    channel          text not null,
    addresses        text not null,
    urgent           boolean not null,
    status           text not null,     -- PENDING, SENT, FAILED (gave up after the maximum attempts)
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null,
    last_error       text,
    created_at       timestamptz not null,
    sent_at          timestamptz,
    unique (notification_id, channel)
);
create index notification_delivery_due on notification_delivery (next_attempt_at) where status = 'PENDING';

-- Titles of known tasks, so that an SLA notification (whose event carries none) can name the task.
create table notify_task (
    task_id     uuid primary key,
    title       text not null
);

-- The live stream (GET /api/notifications/stream): each new notification, and each change of a user's
-- read state, is announced on huying_notification when the writing transaction commits. Identical
-- payloads of one transaction are delivered once, so "read all" announces one change.
create function notification_notify() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'notification' then
        perform pg_notify('huying_notification',
            json_build_object('id', new.id, 'unitPath', new.unit_path)::text);
    else
        perform pg_notify('huying_notification', json_build_object('username', new.username)::text);
    end if;
    return null;
end $$;
create trigger notification_created after insert on notification
    for each row execute function notification_notify();
create trigger notification_read_changed after insert on notification_read
    for each row execute function notification_notify();
