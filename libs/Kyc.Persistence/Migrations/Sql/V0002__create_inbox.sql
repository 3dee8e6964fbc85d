-- Event ids an idempotent consumer group has processed, written in the same transaction as the consumer's own
-- changes: a redelivered event finds its row and has no second effect.
CREATE TABLE inbox (
    consumer_group text        NOT NULL,
    event_id       uuid        NOT NULL,
    processed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, event_id)
);
