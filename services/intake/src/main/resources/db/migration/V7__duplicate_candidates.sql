-- 重复件合并 — duplicate candidates found by index: the open calls of one street and category at one
-- grid, or at one normalised address, oldest first (CallRepository.openDuplicates). A call leaves
-- both indexes when it closes.
drop index calls_open_by_category;
create index calls_open_by_grid on calls (street_path, category_code, grid_path, raised_at, number)
    where status = 'ACCEPTED' and lifecycle <> 'CLOSED';
create index calls_open_by_address on calls (street_path, category_code, address_key, raised_at, number)
    where status = 'ACCEPTED' and lifecycle <> 'CLOSED';
