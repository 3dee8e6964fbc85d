-- Onboarding cases of one data region. The case id partners see is '<region>-<id>'; the region is this database.
CREATE TABLE cases (
    id                 uuid PRIMARY KEY,
    partner_id         text        NOT NULL,
    status             text        NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'info_requested', 'approved', 'rejected')),
    external_reference text        NULL,
    legal_name         text        NOT NULL,
    jurisdiction       char(2)     NOT NULL,
    entity_type        text        NOT NULL,
    company            jsonb       NOT NULL,
    parties            jsonb       NOT NULL,
    info_request       jsonb       NULL,
    decision           jsonb       NULL,
    version            integer     NOT NULL CHECK (version >= 1),
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    submitted_at       timestamptz NULL
);

-- Partner lists: newest first, optionally by status; lookups by the partner's own reference.
CREATE INDEX cases_partner_created ON cases (partner_id, created_at DESC, id DESC);
CREATE INDEX cases_partner_status_created ON cases (partner_id, status, created_at DESC, id DESC);
CREATE INDEX cases_partner_external_reference ON cases (partner_id, external_reference) WHERE external_reference IS NOT NULL;
