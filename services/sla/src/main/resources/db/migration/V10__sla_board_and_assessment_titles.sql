-- 时限监督看板: the breaches of the last days, by unit and by day (ClockQueries#board), read the
-- breached clocks by the moment of their breach — announced (breached_at), or, for a clock stopped late
-- before the announcement, its deadline. Without this index the window read every breached clock.
create index sla_clock_breach_moment on sla_clock ((coalesce(breached_at, deadline)))
    where breached_at is not null or outcome = 'BREACHED';

-- The board's "at risk now" list (ClockRepository#atRisk): open clocks warned (预警) or breached (超时),
-- nearest deadline first. Few clocks stand so at any time; this index holds only them, in deadline order.
create index sla_clock_open_attention on sla_clock (deadline)
    where state <> 'STOPPED' and (breached_at is not null or warned_threshold is not null);

-- 考核 drill-down: the calls behind a figure show the task's title (标题), as task.dispatched carries it.
-- Tasks dispatched before this version have none.
alter table sla_task_fact add column title text;
