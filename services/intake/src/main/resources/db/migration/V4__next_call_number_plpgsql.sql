-- next_call_number (V3) as PL/pgSQL: a SQL-language function of more than one statement is parsed
-- and planned again at every call, which perf showed as ~9 % of intake's database CPU under load
-- (docs/benchmarks.md); PL/pgSQL keeps its statements' plans for the session. Same contract: one
-- autocommit statement, the counter row locked only while it runs, its commit not waiting for the
-- WAL flush.
create or replace function next_call_number(street text, on_day date) returns integer
language plpgsql as $$
declare
    next_value integer;
begin
    perform set_config('synchronous_commit', 'off', true);
    insert into call_number_counter (street_code, day, last_value) values (street, on_day, 1)
    on conflict (street_code, day) do update set last_value = call_number_counter.last_value + 1
    returning last_value into next_value;
    return next_value;
end
$$;
