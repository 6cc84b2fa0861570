-- The effect of the test consumer: one row per applied event.
create table probe_effect (
    event_id  uuid not null,
    note      text not null
);
