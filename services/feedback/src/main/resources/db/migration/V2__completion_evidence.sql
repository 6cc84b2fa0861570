-- What the raiser checks before 结案 or 返工: who completed the lead task and when, with its evidence
-- (URLs and uploaded files, JSON arrays), as huying.task.completed.v1 carried them. Null for
-- verifications opened before they were kept.
alter table verification
    add column completed_by text,
    add column completed_at timestamptz,
    add column evidence     text,
    add column files        text;
