DROP TABLE login_failures;
DROP TABLE refresh_tokens;
DROP TABLE credentials;
ALTER TABLE employees DROP CONSTRAINT employees_team_fk;
DROP TABLE teams;
DROP TABLE employees;
