-- The TAM database's schemas and roles. Run as a superuser in the `tam` database, after
-- the migrator role `tam` exists and owns that database:
--   * Kubernetes: CloudNativePG runs it once at bootstrap (postInitApplicationSQLRefs);
--     the operator then sets each role's LOGIN and password from its Secret.
--   * Compose: deploy/compose/db-init.sh runs it at every `up`, then sets the passwords.
-- Idempotent: after adding a service, add its name below and run it again
-- (kubectl cnpg psql tam-db -- -d tam -f roles.sql, or a psql session on the primary).
--
-- `tam` owns every schema and runs `tam migrate`. Each service's role `tam_<service>`
-- may use its own schema only: USAGE on it, DML on its tables and sequences (those that
-- `tam` creates later included, through default privileges), nothing on the others',
-- no CREATE anywhere.
DO $roles$
DECLARE
    service text;
    role text;
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO tam', current_database());
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    FOREACH service IN ARRAY ARRAY['hr', 'prospect', 'calling', 'quality', 'helpdesk', 'reporting'] LOOP
        role := 'tam_' || service;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', role);
        END IF;
        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION tam', service);
        EXECUTE format('ALTER SCHEMA %I OWNER TO tam', service);
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', service);
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), role);
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', service, role);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', service, role);
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO %I', service, role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE tam IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', service, role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE tam IN SCHEMA %I GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %I', service, role);
    END LOOP;
END
$roles$;
