-- Employees (who are also the users), the teams agents work in, and identity:
-- credentials, refresh tokens and failed logins.
--
-- Codes (role, site, program, status, education level) are stored as the kernel's text
-- codes; the service parses them at the edge and checks them against the same lists.

CREATE TABLE employees (
    id              uuid        PRIMARY KEY,
    nik             text        NOT NULL,
    full_name       text        NOT NULL,
    username        text        NOT NULL,
    role            text        NOT NULL,
    -- Absent for the roles that work at every site.
    site            text,
    -- Required for agents and team leaders.
    program         text,
    -- Agents only.
    team_id         uuid,
    -- Absent only for accounts made by `tam` itself (the first admin).
    birth_date      date,
    education_level text,
    education_field text,
    hire_date       date        NOT NULL,
    status          text        NOT NULL DEFAULT 'active',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT employees_nik_key UNIQUE (nik),
    CONSTRAINT employees_username_key UNIQUE (username),
    CONSTRAINT employees_nik_digits CHECK (nik ~ '^[0-9]{1,20}$'),
    CONSTRAINT employees_username_format CHECK (username ~ '^[a-z0-9._-]{3,32}$'),
    CONSTRAINT employees_status_code CHECK (status IN ('active', 'suspended', 'deactivated')),
    CONSTRAINT employees_education_level_code
        CHECK (education_level IN ('SMA', 'D1', 'D2', 'D3', 'D4', 'S1', 'S2', 'S3'))
);

-- Lists are keyset-paginated by (created_at, id), filtered by site, role, team, status.
CREATE INDEX employees_page ON employees (created_at, id);
CREATE INDEX employees_site_page ON employees (site, created_at, id);
CREATE INDEX employees_team ON employees (team_id);

CREATE TABLE teams (
    id             uuid        PRIMARY KEY,
    name           text        NOT NULL,
    site           text        NOT NULL,
    program        text        NOT NULL,
    team_leader_id uuid        NOT NULL REFERENCES employees (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT teams_site_name_key UNIQUE (site, name),
    -- A team leader leads one team.
    CONSTRAINT teams_team_leader_key UNIQUE (team_leader_id)
);

CREATE INDEX teams_page ON teams (created_at, id);

ALTER TABLE employees
    ADD CONSTRAINT employees_team_fk FOREIGN KEY (team_id) REFERENCES teams (id);

-- The password of each employee: an argon2id PHC string. Kept apart from `employees`
-- so that no query of employee records ever reads a hash.
CREATE TABLE credentials (
    employee_id   uuid        PRIMARY KEY REFERENCES employees (id),
    password_hash text        NOT NULL,
    -- Set by HR's initial password: it must be changed before first use.
    must_change   boolean     NOT NULL,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

-- Refresh tokens, stored only as the SHA-256 of the token. Each login starts a family;
-- each refresh rotates the token within it. Presenting a rotated token again revokes
-- the whole family.
CREATE TABLE refresh_tokens (
    id          uuid        PRIMARY KEY,
    family_id   uuid        NOT NULL,
    employee_id uuid        NOT NULL REFERENCES employees (id),
    token_hash  bytea       NOT NULL,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz,
    CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash)
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_employee ON refresh_tokens (employee_id) WHERE revoked_at IS NULL;

-- Failed logins per username (known or not, so that throttling cannot tell which
-- accounts exist). A successful login deletes the username's rows; rows older than a
-- day are pruned when the username fails again.
CREATE TABLE login_failures (
    id        bigserial   PRIMARY KEY,
    username  text        NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX login_failures_username ON login_failures (username, failed_at);
