-- Hardening of logins and sessions (issue 10).

-- Failed logins are counted per (username, client address): an attacker's failures
-- from one address lock that address out of the account, not the owner at another.
-- The account-wide window (at most 100 evaluated failures an hour) still counts every
-- row of the username. Rows recorded before this column existed have no address.
ALTER TABLE login_failures ADD COLUMN client text NOT NULL DEFAULT '';
CREATE INDEX login_failures_username_client ON login_failures (username, client, failed_at);

-- Addresses an account has logged in from successfully: while the account-wide
-- ceiling is reached, only these may still try (each under its own lock).
CREATE TABLE login_clients (
    username        text        NOT NULL,
    client          text        NOT NULL,
    last_success_at timestamptz NOT NULL,
    PRIMARY KEY (username, client)
);

-- The newest not-before of each employee's access tokens: a token issued (iat) before
-- it is refused by every verifier once `hr.access.revoked` reached it, and hr issues
-- no token with an earlier iat.
CREATE TABLE access_revocations (
    employee_id uuid        PRIMARY KEY REFERENCES employees (id),
    not_before  timestamptz NOT NULL,
    reason      text        NOT NULL,
    revoked_at  timestamptz NOT NULL DEFAULT now()
);

-- When the session (the refresh token family) began: refreshing stops at the absolute
-- session lifetime. Families already live start their lifetime now.
ALTER TABLE refresh_tokens ADD COLUMN session_started_at timestamptz NOT NULL DEFAULT now();
