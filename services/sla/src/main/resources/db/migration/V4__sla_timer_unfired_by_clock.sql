-- Stopping, pausing or re-planning a clock deletes its unfired timers (Timers.cancel). With only
-- (clock_id, step) and the poller's partial index on due_at, a planner with stale statistics (no
-- autovacuum, or a table that grew fast) combined the two and read the whole partial index: 12 ms
-- per stop with 400,000 unfired timers, the sla database's busiest statement. This index answers it
-- alone, whatever the statistics say.
create index sla_timer_unfired_by_clock on sla_timer (clock_id) where fired_at is null;
