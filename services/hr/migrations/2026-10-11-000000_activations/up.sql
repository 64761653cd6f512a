-- Activation of new accounts (issue 10): whoever creates an employee never knows a
-- working password. The creator is given a one-time code (once, in the create answer)
-- to hand to the employee, who sets their first password with it. Only the code's
-- SHA-256 is stored; the row is deleted when the code is used, and a code past
-- `expires_at` opens nothing. An account with a pending activation has no credentials
-- row, so nothing can log in to it.
CREATE TABLE activations (
    employee_id uuid        PRIMARY KEY REFERENCES employees (id),
    code_hash   bytea       NOT NULL,
    expires_at  timestamptz NOT NULL,
    -- Who created the account or issued this code again.
    issued_by   uuid        NOT NULL,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT activations_code_hash_key UNIQUE (code_hash)
);
