-- Leaner timer rows. A running clock's later steps ride along on its next timer row as JSON
-- (`following`), which made a timer row ~1 KB: 700 MB for 600,000 rows after some minutes of load,
-- half of it keys and nulls. The steps now leave out absent values (a warning has no level, an
-- escalation no threshold); the readers take a missing key as null (jsonb_to_recordset), so rows
-- written before read as they did.
--
-- ANALYZE of that table read ~30,000 rows at every tenth of change (1 s on a 2-core machine); the
-- planner needs no fine statistics for it (every query goes by an index: due time, clock, claim), so
-- its columns keep coarse ones: a sample of 3,000 rows.
create or replace function sla_next_steps(plan jsonb)
returns table (clock_id uuid, step text, kind text, threshold integer, level text, notified_unit text,
               due_at timestamptz, following jsonb)
language sql stable as $$
    with steps as (select r.*, min(r.due_at) over (partition by r.clock_id) as first_due,
                          row_number() over (partition by r.clock_id order by r.due_at, r.ord) as n
                   from jsonb_to_recordset(plan)
                        as r(clock_id uuid, fresh boolean, ord integer, step text, kind text, threshold integer, level text,
                             notified_unit text, due_at timestamptz)
                   where r.fresh or not exists (select 1 from sla_timer t where t.clock_id = r.clock_id and t.step = r.step)),
         later as (select l.clock_id,
                          jsonb_agg(jsonb_strip_nulls(jsonb_build_object('step', l.step, 'kind', l.kind, 'threshold', l.threshold,
                                                                         'level', l.level, 'notified_unit', l.notified_unit,
                                                                         'due_at', l.due_at)) order by l.n) as steps
                   from steps l where l.due_at > l.first_due
                   group by l.clock_id)
    select s.clock_id, s.step, s.kind, s.threshold, s.level, s.notified_unit, s.due_at,
           case when s.n = 1 then later.steps end
    from steps s left join later on later.clock_id = s.clock_id
    where s.due_at = s.first_due
$$;

alter table sla_timer
    alter column id set statistics 10,
    alter column clock_id set statistics 10,
    alter column step set statistics 10,
    alter column kind set statistics 10,
    alter column threshold set statistics 10,
    alter column level set statistics 10,
    alter column notified_unit set statistics 10,
    alter column due_at set statistics 10,
    alter column fired_at set statistics 10,
    alter column claim set statistics 10,
    alter column following set statistics 0;
