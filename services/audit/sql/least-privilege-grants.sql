-- Production privileges of the audit service's runtime role (run by the database owner after the migrations;
-- psql -v app_role=kyc_audit_app -f least-privilege-grants.sql). The role can read and append, never change or
-- remove audit rows; even with the append-only triggers disabled by someone, this role still cannot UPDATE,
-- DELETE or TRUNCATE audit_log. Migrations run as the owner (Audit:Database:MigrationsConnectionString).
-- Tested by Kyc.Audit.Tests (LeastPrivilegeTests), which substitutes :app_role.
REVOKE ALL ON audit_log, audit_topic_stats, audit_daily_counts, replay_jobs, inbox, idempotency_keys FROM :app_role;
GRANT SELECT, INSERT ON audit_log TO :app_role;
-- Kept by the AFTER INSERT trigger, which runs with the inserting role's privileges.
GRANT SELECT, INSERT, UPDATE ON audit_topic_stats, audit_daily_counts TO :app_role;
GRANT SELECT, INSERT, UPDATE ON replay_jobs TO :app_role;
GRANT SELECT, INSERT, DELETE ON inbox TO :app_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO :app_role;
GRANT SELECT ON schema_migrations TO :app_role;
