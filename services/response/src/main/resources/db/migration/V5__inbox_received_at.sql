-- When each task reached the inbox (updated_at moves with every later change, deadlines included):
-- what "visible in the unit's inbox" is measured by (benchmarks). Rows from before keep their last change.
alter table inbox_task add column received_at timestamptz;
update inbox_task set received_at = updated_at;
alter table inbox_task alter column received_at set not null;
