-- 组织架构 as data managed in the product: every version of the org tree an administrator puts in force, whole
-- (its units as JSON), with who, when and why; the latest revision is in force. Revision 1 is
-- huying/reference/org-tree.json, stored at the first start. A unit is never removed: calls, tasks, rules and the
-- realm's groups name its path.
create table org_tree_version (
    revision    integer primary key,
    version     text not null unique,
    document    text not null,           -- JSON {"units": [...]}
    note        text,
    changed_by  text not null,
    changed_at  timestamptz not null
);
