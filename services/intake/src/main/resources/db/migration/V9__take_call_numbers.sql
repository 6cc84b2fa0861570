-- next_call_numbers (V5) inside the raise's own transaction: the counter row of a street's day stays
-- locked until that transaction ends. One writer per intake instance writes one group at a time, so
-- within an instance nothing waits on it; instances raising for the same street take turns, a group
-- at a time. No synchronous_commit change here: the commit is the calls' own, which must be durable.
-- A transaction that rolls back gives its numbers back: no gap.
create function take_call_numbers(street text, on_day date, how_many integer) returns integer
language sql as $$
    insert into call_number_counter (street_code, day, last_value) values (street, on_day, how_many)
    on conflict (street_code, day) do update set last_value = call_number_counter.last_value + how_many
    returning last_value
$$;
