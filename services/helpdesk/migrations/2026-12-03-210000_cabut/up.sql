-- QC Tier 2's CABUT survey: why customers cancel an AddOn. Cases come from the
-- client's cancellation lists (CSV) or by API; QC Tier 2 claims one, calls the
-- customer (attempts) and records the reasons from the supervisor's taxonomy.

-- The reason taxonomy, versioned: a new version is a new row; the highest is in force.
-- `reasons` is the domain's list of reasons ({code, name, requires_text}).
CREATE TABLE cabut_reason_versions (
    version    integer     PRIMARY KEY,
    reasons    jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    created_by uuid,
    CONSTRAINT cabut_reason_versions_positive CHECK (version > 0)
);

INSERT INTO cabut_reason_versions (version, reasons, created_at) VALUES
    (1, '[{"code": "price", "name": "Price too high", "requires_text": false},
          {"code": "service_quality", "name": "Poor service quality", "requires_text": false},
          {"code": "not_used", "name": "Not used", "requires_text": false},
          {"code": "moved_house", "name": "Moved house", "requires_text": false},
          {"code": "never_ordered", "name": "Never ordered it", "requires_text": false},
          {"code": "did_not_understand_offer", "name": "Did not understand the offer", "requires_text": false},
          {"code": "switched_provider", "name": "Switched provider", "requires_text": false},
          {"code": "other", "name": "Other", "requires_text": true}]', '2026-01-01T00:00:00Z');

-- The CSV imports of the client's cancellation lists, with their row-level report.
CREATE TABLE cabut_imports (
    id              uuid        PRIMARY KEY,
    idempotency_key text,
    sha256          text        NOT NULL,
    total           integer     NOT NULL DEFAULT 0,
    created         integer     NOT NULL DEFAULT 0,
    rejected        integer     NOT NULL DEFAULT 0,
    duplicates      integer     NOT NULL DEFAULT 0,
    report          jsonb       NOT NULL DEFAULT '{}',
    imported_by     uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    CONSTRAINT cabut_imports_idempotency_key UNIQUE (idempotency_key)
);

-- One cancelled AddOn to survey.
CREATE TABLE cabut_cases (
    id                uuid        PRIMARY KEY,
    number            bigserial   NOT NULL UNIQUE,
    indihome_number   text        NOT NULL,
    product_code      text        NOT NULL,
    cancelled_on      date        NOT NULL,
    channel           text        NOT NULL REFERENCES channels (code),
    customer_name     text,
    contact_number    text,
    -- The OBC sale it cancels, when it was one of this suite's (its activation ticket).
    ticket_id         uuid,
    call_id           uuid,
    agent_id          uuid,
    team_id           uuid,
    site              text,
    program           text,
    -- quality's verdict on the sale as the desk knows it: `valid`, or `returned` when
    -- quality took the sale back later.
    quality_verdict   text,
    -- Why QC Tier 2 must look twice: `no_activation_known` (an OBC cancellation for an
    -- IndiHome number and product no OBC ticket follows).
    flag              text,
    status            text        NOT NULL DEFAULT 'open',
    claimed_by        uuid,
    lease_expires_at  timestamptz,
    reason_version    integer     REFERENCES cabut_reason_versions (version),
    main_reason       text,
    survey_note       text,
    mis_sale          boolean     NOT NULL DEFAULT false,
    surveyed_by       uuid,
    surveyed_at       timestamptz,
    import_id         uuid        REFERENCES cabut_imports (id),
    created_by        uuid        NOT NULL,
    created_at        timestamptz NOT NULL,
    idempotency_key   text,
    request_hash      text,
    CONSTRAINT cabut_cases_indihome_number_form CHECK (indihome_number ~ '^[0-9]{10,13}$'),
    CONSTRAINT cabut_cases_status_known CHECK (status IN ('open', 'surveyed')),
    CONSTRAINT cabut_cases_flag_known CHECK (flag IS NULL OR flag IN ('no_activation_known')),
    CONSTRAINT cabut_cases_verdict_known CHECK (
        quality_verdict IS NULL OR quality_verdict IN ('valid', 'returned')),
    CONSTRAINT cabut_cases_surveyed_when CHECK (
        (status = 'surveyed') = (surveyed_at IS NOT NULL AND main_reason IS NOT NULL)),
    -- One case per cancellation: the same customer, AddOn and day.
    CONSTRAINT cabut_cases_one_per_cancellation UNIQUE (indihome_number, product_code, cancelled_on),
    CONSTRAINT cabut_cases_idempotency_key UNIQUE (created_by, idempotency_key)
);

-- QC Tier 2's queue: open cases, oldest first; the stats by month.
CREATE INDEX cabut_cases_queue ON cabut_cases (created_at, id) WHERE status = 'open';
CREATE INDEX cabut_cases_month ON cabut_cases (cancelled_on);

-- Every call to the customer: reached, or one of calling's unreached outcomes.
CREATE TABLE cabut_attempts (
    id        bigserial   PRIMARY KEY,
    case_id   uuid        NOT NULL REFERENCES cabut_cases (id),
    at        timestamptz NOT NULL,
    by        uuid        NOT NULL,
    outcome   text        NOT NULL,
    note      text,
    CONSTRAINT cabut_attempts_outcome_known CHECK (
        outcome IN ('reached', 'no_answer', 'busy', 'unreachable', 'rejected'))
);

CREATE INDEX cabut_attempts_case ON cabut_attempts (case_id, at);

-- The reasons a surveyed case records, exactly one main.
CREATE TABLE cabut_case_reasons (
    case_id uuid    NOT NULL REFERENCES cabut_cases (id),
    code    text    NOT NULL,
    main    boolean NOT NULL,
    text    text,
    PRIMARY KEY (case_id, code)
);

CREATE UNIQUE INDEX cabut_case_reasons_one_main ON cabut_case_reasons (case_id) WHERE main;
