-- 实时待办 — every insert or update of an inbox task is announced on channel huying_inbox_task, so
-- each replica's TaskChanges can push it to the live streams that see its unit (GET /api/tasks/stream).
-- NOTIFY is delivered when the writing transaction commits: listeners never see uncommitted changes.
create function inbox_task_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('huying_inbox_task', json_build_object('taskId', new.task_id, 'unitPath', new.unit_path)::text);
    return null;
end $$;
create trigger inbox_task_changed after insert or update on inbox_task
    for each row execute function inbox_task_notify();
