-- Monthly evaluation for incentives (issue 15, manual §4.1.5).

-- hr's copy of quality's verdicts (`quality.call.validated`), one row per call: the
-- highest revision seen wins; an older revision arriving late changes nothing. The
-- call counts in the WIB month of its first verdict (`month`).
CREATE TABLE evaluation_verdicts (
    call_id      uuid             PRIMARY KEY,
    task_id      uuid             NOT NULL,
    agent_id     uuid             NOT NULL,
    team_id      uuid,
    site         text             NOT NULL,
    program      text             NOT NULL,
    verdict      text             NOT NULL,
    score        double precision NOT NULL,
    revision     integer          NOT NULL,
    validated_at timestamptz      NOT NULL,
    -- The first day of the WIB month the call counts in.
    month        date             NOT NULL,
    CONSTRAINT evaluation_verdicts_verdict_code CHECK (verdict IN ('valid', 'returned')),
    CONSTRAINT evaluation_verdicts_revision_positive CHECK (revision >= 1)
);

CREATE INDEX evaluation_verdicts_agent_month ON evaluation_verdicts (agent_id, month);

-- The incentive table of a program, versioned: each PUT writes a new version, the
-- evaluation uses the newest at its computation and records which.
CREATE TABLE incentive_tables (
    program        text        NOT NULL,
    version        integer     NOT NULL,
    -- [{code, min_validated_sales, min_score, max_late_days, min_attendance_percent}],
    -- the best tier first.
    tiers          jsonb       NOT NULL,
    -- What an agent in pembinaan gets: 'cap' (at most `pembinaan_cap`) or 'exclude'.
    pembinaan_rule text        NOT NULL,
    pembinaan_cap  text,
    set_by         uuid        NOT NULL,
    set_at         timestamptz NOT NULL,
    PRIMARY KEY (program, version),
    CONSTRAINT incentive_tables_rule_code CHECK (pembinaan_rule IN ('cap', 'exclude')),
    CONSTRAINT incentive_tables_cap_given CHECK ((pembinaan_rule = 'cap') = (pembinaan_cap IS NOT NULL))
);

-- One evaluation per agent and month.
CREATE TABLE evaluations (
    id                  uuid             PRIMARY KEY,
    employee_id         uuid             NOT NULL REFERENCES employees (id),
    month               date             NOT NULL,
    site                text             NOT NULL,
    program             text             NOT NULL,
    team_id             uuid,
    validated_sales     integer          NOT NULL,
    -- Corrections of locked months landing on this one (sum of the adjustments' deltas).
    adjustment          integer          NOT NULL,
    agree_total         integer          NOT NULL,
    -- valid AGREE ÷ total AGREE, in percent; null without AGREE calls.
    quality_score       double precision,
    rostered_days       integer          NOT NULL,
    present_days        integer          NOT NULL,
    late_days           integer          NOT NULL,
    letters_in_force    integer          NOT NULL,
    in_pembinaan        boolean          NOT NULL,
    table_version       integer,
    tier                text,
    -- Why the tier is what it is: 'qualified', 'capped', 'excluded', 'no-tier', 'no-table'.
    tier_reason         text             NOT NULL,
    status              text             NOT NULL,
    computed_at         timestamptz      NOT NULL,
    reviewed_by         uuid,
    reviewed_at         timestamptz,
    approved_by         uuid,
    approved_at         timestamptz,
    locked_by           uuid,
    locked_at           timestamptz,
    CONSTRAINT evaluations_one_per_month UNIQUE (employee_id, month),
    CONSTRAINT evaluations_status_code
        CHECK (status IN ('computed', 'reviewed', 'approved', 'locked')),
    CONSTRAINT evaluations_first_of_month CHECK (extract(day FROM month) = 1)
);

CREATE INDEX evaluations_month_site ON evaluations (month, site);

-- The months the sweep has computed (so it computes each once).
CREATE TABLE evaluation_months (
    month       date        PRIMARY KEY,
    computed_at timestamptz NOT NULL
);

-- A verdict correction of a call whose month was already approved: it does not change
-- that month, it lands on a later open month of the agent as a delta of validated sales.
CREATE TABLE evaluation_adjustments (
    id          uuid        PRIMARY KEY,
    call_id     uuid        NOT NULL,
    employee_id uuid        NOT NULL,
    -- The approved month the call counts in.
    from_month  date        NOT NULL,
    -- The month it lands on.
    to_month    date        NOT NULL,
    delta       integer     NOT NULL,
    revision    integer     NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT evaluation_adjustments_once UNIQUE (call_id, revision),
    CONSTRAINT evaluation_adjustments_later CHECK (to_month > from_month)
);

CREATE INDEX evaluation_adjustments_landing ON evaluation_adjustments (employee_id, to_month);
