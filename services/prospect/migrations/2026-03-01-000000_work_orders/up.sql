-- prospect's first tables: the agent roster (fed by hr's events), work orders and the
-- do-not-call list. Codes (site, program, role, status) are the kernel's text codes.

-- Agents and team leaders as hr last announced them; written only by the consumer.
CREATE TABLE agents (
    employee_id uuid        PRIMARY KEY,
    role        text        NOT NULL,
    site        text,
    program     text,
    team_id     uuid,
    status      text        NOT NULL,
    -- `occurred_at` of the event that wrote the row: an older event never overwrites it.
    as_of       timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX agents_site_program ON agents (site, program, status);

CREATE TABLE work_orders (
    id                        uuid        PRIMARY KEY,
    wo_code                   text        NOT NULL,
    site                      text        NOT NULL,
    program                   text        NOT NULL,
    title                     text        NOT NULL,
    valid_from                date        NOT NULL,
    valid_to                  date        NOT NULL,
    -- Sales: [{product_code, product_name}]; retention: [{step, description}] in order.
    offers                    jsonb       NOT NULL,
    max_attempts              integer     NOT NULL,
    daily_quota_per_agent     integer     NOT NULL,
    -- {no_answer, busy, unreachable, rejected}: minutes, each 0 to 10080.
    retry_wait_minutes        jsonb       NOT NULL,
    status                    text        NOT NULL DEFAULT 'draft',
    created_by                uuid        NOT NULL,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT work_orders_site_wo_code_key UNIQUE (site, wo_code),
    CONSTRAINT work_orders_status_code CHECK (status IN ('draft', 'active', 'closed')),
    CONSTRAINT work_orders_validity CHECK (valid_from <= valid_to),
    CONSTRAINT work_orders_max_attempts CHECK (max_attempts BETWEEN 1 AND 10),
    CONSTRAINT work_orders_daily_quota CHECK (daily_quota_per_agent BETWEEN 1 AND 500)
);

-- Lists are keyset-paginated by (created_at, id), usually within a site.
CREATE INDEX work_orders_page ON work_orders (created_at, id);
CREATE INDEX work_orders_site_page ON work_orders (site, created_at, id);

-- Numbers never to be called, suite-wide, in E.164 (+62...).
CREATE TABLE dnc_numbers (
    id       uuid        PRIMARY KEY,
    number   text        NOT NULL,
    reason   text        NOT NULL,
    added_by uuid        NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dnc_numbers_number_key UNIQUE (number)
);

CREATE INDEX dnc_numbers_page ON dnc_numbers (added_at, id);
