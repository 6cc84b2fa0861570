-- huying_xact_lock for several keys in one statement, taken in the order given: callers sort the
-- keys, so that two transactions locking overlapping sets cannot deadlock. Bound one parameter per
-- key ("call huying_xact_locks(?, ?, ?)", see V0_4).
create procedure huying_xact_locks(variadic lock_keys text[]) language plpgsql as $$
declare
    lock_key text;
begin
    foreach lock_key in array lock_keys loop
        perform pg_advisory_xact_lock(hashtext(lock_key));
    end loop;
end $$;
