-- The consumer reads a batch's early stops by call (Clocks#open), with its clocks and parked starts.
create index sla_early_stop_call on sla_early_stop (call_id);
