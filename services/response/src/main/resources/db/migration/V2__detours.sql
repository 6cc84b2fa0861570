-- 退回 re-routing, 返工, 改派 (撤回), 终审 and 延期审批 as the unit sees them.
alter table inbox_task add column dispatch_reason text not null default 'ROUTED'; -- ROUTED | REROUTED | REDISPATCHED | REWORK | ARBITRATED
alter table inbox_task add column round integer not null default 1;               -- handling round: 2 and up is rework (返工)
alter table inbox_task add column extension_pending boolean not null default false;
alter table inbox_task add column agreed_deadline timestamptz;                    -- the deadline of the last approved extension
alter table inbox_task add column withdrawn_at timestamptz;
