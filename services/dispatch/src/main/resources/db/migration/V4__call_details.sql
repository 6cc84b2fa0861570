-- The call as accepted (立项) — request type, description, location, reporter, attachments and files —
-- kept with its case so that every dispatch of it (first, after a return, 改派, 返工, 终审) carries it to
-- the handling unit (huying.task.dispatched.v1 "call"). JSON of io.huying.contracts.events.CallDetails;
-- null for cases accepted before it was kept.
alter table dispatch_case add column call_details text;
