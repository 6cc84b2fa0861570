-- Serialises work on one key until the calling transaction ends (e.g. duplicate detection for
-- one street and category). A procedure, so callers run it as a statement, not as a query.
create procedure huying_xact_lock(lock_key text) language plpgsql as $$
begin
    perform pg_advisory_xact_lock(hashtext(lock_key));
end $$;
