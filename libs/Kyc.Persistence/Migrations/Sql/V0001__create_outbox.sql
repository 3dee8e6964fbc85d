-- Integration events written in the same transaction as the business change; outbox-relay publishes them to
-- Kafka as CloudEvents (binary mode) in sequence order and marks them published.
CREATE TABLE outbox (
    id             uuid        PRIMARY KEY,                       -- ce_id
    sequence       bigint      GENERATED ALWAYS AS IDENTITY,      -- publishing order
    topic          text        NOT NULL,
    event_type     text        NOT NULL,                          -- ce_type
    source         text        NOT NULL,                          -- ce_source, e.g. /onboarding
    subject        text        NOT NULL,                          -- ce_subject: aggregate id, also the Kafka key
    partner_id     text        NOT NULL,
    occurred_at    timestamptz NOT NULL,                          -- ce_time
    data           jsonb       NOT NULL,
    data_schema    text,                                          -- ce_dataschema
    traceparent    text,
    tracestate     text,
    correlation_id text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    published_at   timestamptz,
    attempts       int         NOT NULL DEFAULT 0,
    last_error     text
);

CREATE INDEX outbox_unpublished_by_sequence ON outbox (sequence) WHERE published_at IS NULL;

-- Wakes the relay (LISTEN kyc_outbox) instead of slow polling. PostgreSQL delivers notifications only when the
-- inserting transaction commits and folds identical ones within a transaction, so one insert statement or many
-- give one wake-up, and a rollback gives none.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kyc_outbox', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
