-- Who stored a version of the SLA policy or of a year's calendar (an administrator's username; null for
-- the versions shipped with a build, stored at start-up). The audit log holds the request itself.
alter table sla_policy add column changed_by text;
alter table sla_calendar add column changed_by text;
