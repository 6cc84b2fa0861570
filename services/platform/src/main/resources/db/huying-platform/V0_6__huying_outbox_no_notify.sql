-- The outbox no longer notifies at commit. PostgreSQL serializes the commits of all transactions
-- that NOTIFY, across every database of the server, on one lock held through each commit's WAL flush:
-- with a NOTIFY in every call's transaction, intake could not pass ~75 calls/s on a 2-core machine,
-- and commits could not share a flush. The relay is woken in-process instead (OutboxRelay).
drop trigger huying_outbox_inserted on huying_outbox;
drop function huying_outbox_notify();
