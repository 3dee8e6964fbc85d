-- Operators' review queue (GET /v1/onboarding/review/cases?status=...): the cases waiting for a reviewer, across
-- partners, newest first. Partial, so creating and editing drafts (most writes) does not maintain it.
CREATE INDEX cases_review_queue ON cases (status, created_at DESC, id DESC)
    WHERE status IN ('submitted', 'in_review', 'info_requested');
