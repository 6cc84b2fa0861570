-- next_call_number (V4) for a group of calls: takes `how_many` consecutive numbers of a street's day
-- in one statement and returns the last of them. Same contract as V4: one autocommit statement, the
-- counter row locked only while it runs, its commit not waiting for the WAL flush (the calls that use
-- the numbers commit later with a flush, which covers this WAL too).
create function next_call_numbers(street text, on_day date, how_many integer) returns integer
language plpgsql as $$
declare
    last_taken integer;
begin
    perform set_config('synchronous_commit', 'off', true);
    insert into call_number_counter (street_code, day, last_value) values (street, on_day, how_many)
    on conflict (street_code, day) do update set last_value = call_number_counter.last_value + how_many
    returning last_value into last_taken;
    return last_taken;
end
$$;
-- next_call_number stays for instances of the previous release during a rolling upgrade.
