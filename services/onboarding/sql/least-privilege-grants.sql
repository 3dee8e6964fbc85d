-- Privileges of the onboarding service's runtime role in each region's database (docs/security.md, "Database roles").
-- Applied by the service's migration step as the owner, after the migrations, for the role of the runtime connection
-- (embedded in Kyc.Onboarding.Infrastructure); a DBA can run it too: psql -v app_role=kyc_onboarding_app -f ...
-- Cases are created and changed, never deleted (erasure will get its own right when it exists); events are only
-- appended to the outbox (the relay's own role reads and marks them); no DDL, TRUNCATE or trigger rights anywhere.
-- It starts with REVOKE ALL, so running it again leaves exactly these rights.
REVOKE ALL ON cases, outbox, inbox, idempotency_keys, schema_migrations FROM :app_role;
GRANT SELECT, INSERT, UPDATE ON cases TO :app_role;
GRANT INSERT ON outbox TO :app_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO :app_role;
-- The start-up check that no migration is pending.
GRANT SELECT ON schema_migrations TO :app_role;
