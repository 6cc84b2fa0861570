-- A running clock keeps only its next step(s) as timer rows; the steps after them ride along as
-- JSON on one of those rows (`following`, in due order) and become rows when that step fires
-- (Timers.fireDue). Before, every step of the ladder was a row from the start: ~22 rows a call,
-- each with four index entries and a foreign-key check, half of the sla database's time under load,
-- for steps most clocks never reach.
alter table sla_timer add column following jsonb;

-- Every step a clock has planned: its timer rows (fired or not) and the steps still riding along.
-- For people and tests reading the plan; nothing in the engine reads it.
create view sla_timer_plan as
select clock_id, step, kind, threshold, level, notified_unit, due_at, fired_at
from sla_timer
union all
select t.clock_id, f.step, f.kind, f.threshold, f.level, f.notified_unit, f.due_at, null
from sla_timer t
cross join lateral jsonb_to_recordset(t.following)
     as f(step text, kind text, threshold integer, level text, notified_unit text, due_at timestamptz)
where t.fired_at is null and t.following is not null;
