-- The rows of a list of ids, for statements that take a list bound one parameter per id
-- ("huying_uuids(?, ?, ?)"): Hibernate keeps no query plan for those, while a native select with a
-- single parameter adds a plan under a key that never compares equal at every execution
-- (ConsumedEvents#claim).
create function huying_uuids(variadic ids uuid[]) returns setof uuid
    language sql immutable parallel safe as $$ select unnest(ids) $$;
