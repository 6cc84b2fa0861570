-- 临时工作日历预警 — one row per Asia/Shanghai day on which ops were warned that deadlines run on a
-- provisional calendar (a year whose holiday notice is not loaded). The replica whose insert takes the
-- day's row writes the warning to the outbox in the same transaction; the others' inserts do nothing.
create table sla_calendar_warning (
    day        date primary key,
    years      text not null,          -- the years warned about, e.g. 2027
    warned_at  timestamptz not null
);

-- The open clocks on a provisional calendar: usually none, so the check that looks for them every few
-- minutes reads an empty index instead of every open clock.
create index sla_clock_open_provisional on sla_clock (calendar_version)
    where state <> 'STOPPED' and calendar_version like '%.provisional%';
