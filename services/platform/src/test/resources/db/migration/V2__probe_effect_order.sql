-- The order in which the test consumer applied events, to assert that a call's events are applied in order.
alter table probe_effect add column applied bigserial;
