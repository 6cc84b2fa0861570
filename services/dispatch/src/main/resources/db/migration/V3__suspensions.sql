-- 挂起 — a task a dispatcher suspended (waiting on something outside the unit's control) until
-- the dispatcher resumes it (恢复办理); null when it runs.
alter table task
    add column suspended_at      timestamptz,
    add column suspension_reason text;
