-- Privileges of the audit service's runtime role (docs/security.md, "Database roles"). Applied by the service's
-- migration step as the owner, after the migrations, for the role of Audit:Database:ConnectionString (embedded in
-- Kyc.Audit.Infrastructure); a DBA can run it too: psql -v app_role=kyc_audit_app -f least-privilege-grants.sql.
-- The role reads and appends, and never changes or removes audit rows: even with the append-only triggers disabled
-- by someone, it cannot UPDATE, DELETE or TRUNCATE audit_log, and it cannot disable them, alter the tables or create
-- anything (only the owner can). It starts with REVOKE ALL, so running it again leaves exactly these rights.
-- Tested by Kyc.Audit.Tests (LeastPrivilegeTests).
REVOKE ALL ON audit_log, audit_topic_stats, audit_daily_counts, replay_jobs, inbox, idempotency_keys, outbox, schema_migrations FROM :app_role;
GRANT SELECT, INSERT ON audit_log TO :app_role;
-- Kept by the AFTER INSERT trigger, which runs with the inserting role's privileges.
GRANT SELECT, INSERT, UPDATE ON audit_topic_stats, audit_daily_counts TO :app_role;
GRANT SELECT, INSERT, UPDATE ON replay_jobs TO :app_role;
GRANT SELECT, INSERT, DELETE ON inbox TO :app_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO :app_role;
-- The start-up check that no migration is pending.
GRANT SELECT ON schema_migrations TO :app_role;
