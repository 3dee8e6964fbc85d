-- Idempotency-Key of a partner's POST and the response it got, stored in the command's own transaction.
-- The response columns stay NULL while the owning transaction is still running.
CREATE TABLE idempotency_keys (
    partner_id            text        NOT NULL,
    key                   text        NOT NULL,
    request_hash          text        NOT NULL,
    response_status       int,
    response_content_type text,
    response_headers      jsonb,
    response_body         bytea,
    created_at            timestamptz NOT NULL DEFAULT now(),
    expires_at            timestamptz NOT NULL,
    PRIMARY KEY (partner_id, key),
    CONSTRAINT idempotency_keys_response_complete
        CHECK ((response_status IS NULL) = (response_headers IS NULL) AND (response_status IS NULL) = (response_body IS NULL))
);

CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
