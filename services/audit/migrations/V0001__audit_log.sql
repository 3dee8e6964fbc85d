-- The audit log: every integration event of the platform, once, in the order it was recorded, hash-chained and
-- append-only. Chain format kyc.audit.chain.v1 (docs/services/audit.md, Kyc.Audit.Domain.Chain.AuditChain):
--   hash = sha256(prev_hash || canonical content), prev_hash of row 1 = 32 zero bytes,
--   canonical content = length-prefixed UTF-8 fields (4-byte big-endian byte length; NULL = ffffffff, no bytes).
CREATE TABLE audit_log (
    seq            bigint      PRIMARY KEY CHECK (seq >= 1),
    event_id       uuid        NOT NULL UNIQUE,
    event_type     text        NOT NULL,
    source         text        NOT NULL,
    subject        text        NULL,
    partner_id     text        NOT NULL,
    correlation_id text        NULL,
    trace_id       text        NULL,
    data_schema    text        NULL,
    occurred_at    timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL,
    topic          text        NULL,
    partition      integer     NULL,
    kafka_offset   bigint      NULL,
    data           jsonb       NOT NULL,
    prev_hash      bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash           bytea       NOT NULL CHECK (octet_length(hash) = 32)
);

-- Searches: every filter walks its own index in seq order (keyset pagination on seq).
CREATE INDEX audit_log_subject_seq ON audit_log (subject, seq) WHERE subject IS NOT NULL;
CREATE INDEX audit_log_correlation_seq ON audit_log (correlation_id, seq) WHERE correlation_id IS NOT NULL;
CREATE INDEX audit_log_type_seq ON audit_log (event_type, seq);
CREATE INDEX audit_log_partner_seq ON audit_log (partner_id, seq);
CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at);

-- One field of the canonical content.
CREATE FUNCTION audit_chain_field(value text) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN value IS NULL THEN '\xffffffff'::bytea
                ELSE int4send(octet_length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8') END
$$;

-- The hash a row must have: the same definition as AuditChain.Hash in C#, so the chain can be checked with SQL alone.
CREATE FUNCTION audit_row_hash(r audit_log) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT sha256(r.prev_hash
        || audit_chain_field('kyc.audit.chain.v1')
        || audit_chain_field(r.seq::text)
        || audit_chain_field(r.event_id::text)
        || audit_chain_field(r.event_type)
        || audit_chain_field(r.source)
        || audit_chain_field(r.subject)
        || audit_chain_field(r.partner_id)
        || audit_chain_field(r.correlation_id)
        || audit_chain_field(r.trace_id)
        || audit_chain_field(r.data_schema)
        || audit_chain_field((extract(epoch FROM r.occurred_at) * 1000000)::bigint::text)
        || audit_chain_field((extract(epoch FROM r.recorded_at) * 1000000)::bigint::text)
        || audit_chain_field(r.topic)
        || audit_chain_field(r.partition::text)
        || audit_chain_field(r.kafka_offset::text)
        || audit_chain_field(r.data::text))
$$;

-- Append-only, enforced by the database: no UPDATE, DELETE or TRUNCATE, whoever asks. (Production also grants the
-- service's role only SELECT and INSERT: services/audit/sql/least-privilege-grants.sql.)
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege', HINT = 'Rows of the audit log are never changed or removed.';
END
$$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Every new row must extend the chain: row 1 links to genesis, row n to the stored hash of row n-1 (which must
-- exist: with the primary key this keeps seq gap-free), and its hash must be right. A writer that forgot the
-- advisory lock, or computes hashes wrongly, is refused instead of forking the chain.
CREATE FUNCTION audit_log_check_link() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    previous bytea;
BEGIN
    IF NEW.seq = 1 THEN
        previous := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    ELSE
        SELECT hash INTO previous FROM audit_log WHERE seq = NEW.seq - 1;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'audit_log row % does not follow the last row', NEW.seq USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF NEW.prev_hash IS DISTINCT FROM previous THEN
        RAISE EXCEPTION 'audit_log row %: prev_hash is not the hash of row %', NEW.seq, NEW.seq - 1 USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.hash IS DISTINCT FROM audit_row_hash(NEW) THEN
        RAISE EXCEPTION 'audit_log row %: hash does not match its content', NEW.seq USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_log_extends_chain
    BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_check_link();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;

-- Statistics, kept by the database as rows are appended (derived data, not part of the chain: it can be rebuilt
-- from audit_log at any time; docs/services/audit.md).
CREATE TABLE audit_topic_stats (
    topic            text        PRIMARY KEY,
    events           bigint      NOT NULL,
    last_seq         bigint      NOT NULL,
    last_occurred_at timestamptz NOT NULL,
    last_recorded_at timestamptz NOT NULL
);

CREATE TABLE audit_daily_counts (
    day        date   NOT NULL,
    event_type text   NOT NULL,
    events     bigint NOT NULL,
    PRIMARY KEY (day, event_type)
);

CREATE FUNCTION audit_log_count() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO audit_topic_stats AS s (topic, events, last_seq, last_occurred_at, last_recorded_at)
    VALUES (coalesce(NEW.topic, ''), 1, NEW.seq, NEW.occurred_at, NEW.recorded_at)
    ON CONFLICT (topic) DO UPDATE SET
        events = s.events + 1,
        last_seq = greatest(s.last_seq, EXCLUDED.last_seq),
        last_occurred_at = greatest(s.last_occurred_at, EXCLUDED.last_occurred_at),
        last_recorded_at = greatest(s.last_recorded_at, EXCLUDED.last_recorded_at);
    INSERT INTO audit_daily_counts AS d (day, event_type, events)
    VALUES ((NEW.occurred_at AT TIME ZONE 'UTC')::date, NEW.event_type, 1)
    ON CONFLICT (day, event_type) DO UPDATE SET events = d.events + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER audit_log_counts
    AFTER INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_count();

-- Replay jobs: re-publish a filtered range of the log to a topic. A worker owns a running job while its lease
-- (locked_until) lasts; progress (last_published_seq) is saved after every acknowledged batch.
CREATE TABLE replay_jobs (
    id                 uuid        PRIMARY KEY,
    status             text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'cancelled', 'failed')),
    target_topic       text        NOT NULL,
    event_type         text        NULL,
    aggregate_id       text        NULL,
    correlation_id     text        NULL,
    partner_id         text        NULL,
    occurred_from      timestamptz NULL,
    occurred_to        timestamptz NULL,
    after_seq          bigint      NOT NULL CHECK (after_seq >= 0),
    up_to_seq          bigint      NOT NULL CHECK (up_to_seq >= after_seq),
    total_events       bigint      NOT NULL CHECK (total_events >= 0),
    published_events   bigint      NOT NULL DEFAULT 0 CHECK (published_events >= 0),
    last_published_seq bigint      NOT NULL,
    requested_by       text        NOT NULL,
    created_at         timestamptz NOT NULL,
    started_at         timestamptz NULL,
    finished_at        timestamptz NULL,
    error              text        NULL,
    locked_by          text        NULL,
    locked_until       timestamptz NULL
);

CREATE INDEX replay_jobs_unfinished ON replay_jobs (created_at) WHERE status IN ('queued', 'running');
