-- 派单规则 as data managed in the product: every version an administrator puts in force, whole, with who,
-- when and why; the latest revision is in force. Revision 1 is huying/routing-rules.json, stored at the
-- first start. Earlier versions stay: what a task was dispatched by (dispatchedBy.rulesVersion) can be read.
create table routing_rule_version (
    revision    integer primary key,
    version     text not null unique,
    rules       text not null,           -- JSON array of RoutingRules.Rule
    note        text,
    changed_by  text not null,
    changed_at  timestamptz not null
);
