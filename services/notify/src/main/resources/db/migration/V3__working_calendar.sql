-- 工作日历 — the years an administrator loaded into the SLA engine, as announced on huying.sla
-- (huying.sla.calendar-activated.v1). They override the calendars shipped with contracts and the
-- provisional ones, so non-urgent e-mails wait for the same working hours as the SLA engine's reminders.
create table working_calendar (
    year         int primary key,
    version      text not null,
    document     text not null,          -- the year as huying/calendars/<year>.json has it
    activated_at timestamptz not null    -- an older announcement (a redelivery) never replaces a newer one
);
