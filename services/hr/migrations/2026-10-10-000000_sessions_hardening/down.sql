ALTER TABLE refresh_tokens DROP COLUMN session_started_at;
DROP TABLE access_revocations;
DROP TABLE login_clients;
DROP INDEX login_failures_username_client;
ALTER TABLE login_failures DROP COLUMN client;
