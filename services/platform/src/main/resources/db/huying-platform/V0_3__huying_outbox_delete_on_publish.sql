-- The relay now deletes a row once Kafka acknowledged it (Kafka is the record of what was
-- published); stamping published_at rewrote every row and its indexes. Rows published before
-- this version go now; what remains is what has not been published.
delete from huying_outbox where published_at is not null;
drop index huying_outbox_unpublished;
drop index huying_outbox_published_at;
alter table huying_outbox drop column published_at;
