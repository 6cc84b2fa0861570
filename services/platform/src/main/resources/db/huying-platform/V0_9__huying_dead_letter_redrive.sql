-- 死信重投 — which dead letters were put back on their topic, by whom and when (DeadLetterQueue). The
-- dead letters themselves stay on their <topic>.dlq topics; a letter is redriven once, and a redriven
-- event already applied changes nothing (consumers deduplicate on the event id).
create table huying_dead_letter_redrive (
    dlq_topic      text not null,
    dlq_partition  integer not null,
    dlq_offset     bigint not null,
    event_id       uuid,
    redriven_at    timestamptz not null default now(),
    redriven_by    text not null,
    primary key (dlq_topic, dlq_partition, dlq_offset)
);
