-- Which of a plan's steps become timer rows now, in one place for both callers (Timers.write when a
-- clock is planned, Timers.fireDue when a row carrying later steps fires). `plan` is a JSON array of
-- steps {clock_id, fresh, ord, step, kind, threshold, level, notified_unit, due_at}. A step that is
-- already a row (fired) is left out unless its clock is `fresh` (new in this transaction); of the rest,
-- each clock's steps due first are returned, the first of them (in `ord` order) carrying the later
-- steps in due order as `following`.
create function sla_next_steps(plan jsonb)
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
                          jsonb_agg(jsonb_build_object('step', l.step, 'kind', l.kind, 'threshold', l.threshold,
                                                       'level', l.level, 'notified_unit', l.notified_unit,
                                                       'due_at', l.due_at) order by l.n) as steps
                   from steps l where l.due_at > l.first_due
                   group by l.clock_id)
    select s.clock_id, s.step, s.kind, s.threshold, s.level, s.notified_unit, s.due_at,
           case when s.n = 1 then later.steps end
    from steps s left join later on later.clock_id = s.clock_id
    where s.due_at = s.first_due
$$;
