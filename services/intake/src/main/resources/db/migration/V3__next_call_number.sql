-- The next number of a street's day in one statement: run on its own (autocommit), the counter row
-- is locked only while the server runs it, never across a client round trip, and its commit does
-- not wait for the WAL flush (the call that uses the number commits later with a flush, which
-- covers this WAL too; a crash can only lose numbers no committed call holds).
create function next_call_number(street text, on_day date) returns integer
language sql as $$
    select set_config('synchronous_commit', 'off', true);
    insert into call_number_counter (street_code, day, last_value) values (street, on_day, 1)
    on conflict (street_code, day) do update set last_value = call_number_counter.last_value + 1
    returning last_value;
$$;
