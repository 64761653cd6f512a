-- quality's tables: assessment parameter sets (versioned per program), the recordings
-- calling announced, tapping tasks with their scores and verdict revisions, the QA
-- verification queue and the per-QCO count that drives the QA sample.
-- Codes (site, program, status, verdict) are the kernel's and the domain's text codes.
-- Times that business rules read are written from the service's clock, never now().

-- One version of a program's assessment parameters. A change is a new version; a task
-- keeps the version in force when it was created.
CREATE TABLE parameter_versions (
    id         uuid        PRIMARY KEY,
    program    text        NOT NULL,
    version    integer     NOT NULL,
    -- NULL for the version seeded by this migration.
    created_by uuid,
    created_at timestamptz NOT NULL,
    CONSTRAINT parameter_versions_program_version_key UNIQUE (program, version),
    CONSTRAINT parameter_versions_program_code
        CHECK (program IN ('add_on_consumer', 'wifi_addon_digital', 'ct0_pranpc')),
    CONSTRAINT parameter_versions_version_positive CHECK (version >= 1)
);

CREATE TABLE parameter_items (
    version_id  uuid    NOT NULL REFERENCES parameter_versions (id),
    position    integer NOT NULL,
    code        text    NOT NULL,
    description text    NOT NULL,
    weight      integer NOT NULL,
    critical    boolean NOT NULL,
    PRIMARY KEY (version_id, code),
    CONSTRAINT parameter_items_weight_positive CHECK (weight > 0)
);

-- Recordings calling announced (`calling.recording.attached`), kept by call id because
-- the announcement may arrive before the call's `calling.call.completed`.
CREATE TABLE recordings (
    call_id      uuid        PRIMARY KEY,
    content_type text        NOT NULL,
    size_bytes   bigint      NOT NULL,
    sha256       text        NOT NULL,
    attached_at  timestamptz NOT NULL
);

-- One tapping task per AGREE call.
CREATE TABLE tasks (
    id                   uuid        PRIMARY KEY,
    call_id              uuid        NOT NULL,
    prospect_id          uuid        NOT NULL,
    work_order_id        uuid        NOT NULL,
    agent_id             uuid        NOT NULL,
    team_id              uuid,
    site                 text        NOT NULL,
    program              text        NOT NULL,
    product_code         text,
    negotiation_step     integer,
    call_started_at      timestamptz NOT NULL,
    call_ended_at        timestamptz NOT NULL,
    -- The WIB date of call_started_at: the business day (and month) the call counts in.
    call_day             date        NOT NULL,
    parameter_version_id uuid        NOT NULL REFERENCES parameter_versions (id),
    -- The latest task of the same prospect whose call started earlier, when this one was
    -- created (a re-called sale's link to its history).
    previous_task_id     uuid        REFERENCES tasks (id),
    status               text        NOT NULL,
    claimed_by           uuid,
    claimed_at           timestamptz,
    lease_expires_at     timestamptz,
    -- The current verdict (the latest revision); NULL until the QCO's verdict.
    verdict              text,
    score                double precision,
    reason               text,
    recommendation       text,
    judged_by            uuid,
    judged_at            timestamptz,
    revision             integer     NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    CONSTRAINT tasks_call_id_key UNIQUE (call_id),
    CONSTRAINT tasks_status_code
        CHECK (status IN ('awaiting_recording', 'waiting', 'claimed', 'valid', 'returned')),
    CONSTRAINT tasks_verdict_code CHECK (verdict IN ('valid', 'returned')),
    CONSTRAINT tasks_verdict_matches_status
        CHECK ((verdict IS NULL) = (status IN ('awaiting_recording', 'waiting', 'claimed'))),
    CONSTRAINT tasks_claim_complete
        CHECK (status <> 'claimed'
               OR (claimed_by IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- The claim takes the oldest waiting (or lease-expired) task of a site.
CREATE INDEX tasks_claimable ON tasks (site, created_at, id)
    WHERE status IN ('waiting', 'claimed');
CREATE INDEX tasks_page ON tasks (created_at, id);
CREATE INDEX tasks_site_page ON tasks (site, created_at, id);
CREATE INDEX tasks_prospect ON tasks (prospect_id, call_started_at);
CREATE INDEX tasks_day ON tasks (site, call_day);
CREATE INDEX tasks_holder ON tasks (claimed_by) WHERE status = 'claimed';

-- The QCO's score of each item of the task's parameter version.
CREATE TABLE task_scores (
    task_id uuid    NOT NULL REFERENCES tasks (id),
    code    text    NOT NULL,
    passed  boolean NOT NULL,
    note    text,
    PRIMARY KEY (task_id, code)
);

-- Every verdict of a task: revision 1 the QCO's, each later one a supervisor's correction.
CREATE TABLE task_verdicts (
    task_id        uuid             NOT NULL REFERENCES tasks (id),
    revision       integer          NOT NULL,
    verdict        text             NOT NULL,
    score          double precision NOT NULL,
    reason         text,
    recommendation text,
    decided_by     uuid             NOT NULL,
    decided_role   text             NOT NULL,
    decided_at     timestamptz      NOT NULL,
    PRIMARY KEY (task_id, revision),
    CONSTRAINT task_verdicts_verdict_code CHECK (verdict IN ('valid', 'returned'))
);

-- QA verification of a QCO verdict: every RETURN and a sample of VALIDs.
CREATE TABLE reviews (
    id                      uuid        PRIMARY KEY,
    task_id                 uuid        NOT NULL REFERENCES tasks (id),
    site                    text        NOT NULL,
    -- Why it was queued: `returned` (every RETURN) or `sampled` (a VALID in the sample).
    queued_for              text        NOT NULL,
    qco_id                  uuid        NOT NULL,
    qco_verdict             text        NOT NULL,
    status                  text        NOT NULL DEFAULT 'pending',
    qa_id                   uuid,
    qa_agree                boolean,
    qa_note                 text,
    qa_at                   timestamptz,
    decided_by              uuid,
    decision_verdict        text,
    decision_reason         text,
    decision_recommendation text,
    decision_note           text,
    decided_at              timestamptz,
    created_at              timestamptz NOT NULL,
    CONSTRAINT reviews_task_id_key UNIQUE (task_id),
    CONSTRAINT reviews_status_code CHECK (status IN ('pending', 'agreed', 'disputed', 'decided')),
    CONSTRAINT reviews_queued_for_code CHECK (queued_for IN ('returned', 'sampled'))
);

CREATE INDEX reviews_site_page ON reviews (site, created_at, id);

-- How many VALID verdicts each QCO has given: the sampling rule reads the n-th.
CREATE TABLE qco_valid_counts (
    qco_id      uuid    PRIMARY KEY,
    valid_count integer NOT NULL
);

-- Version 1 of every program's parameters. The operations manual defines "parameter
-- penilaian" (§1.3.16) but lists no items, so this is a small set of the usual
-- offering-call checks; the quality supervisors replace it through the API.
INSERT INTO parameter_versions (id, program, version, created_by, created_at) VALUES
    ('01900000-0000-7000-8000-000000000001', 'add_on_consumer', 1, NULL, now()),
    ('01900000-0000-7000-8000-000000000002', 'wifi_addon_digital', 1, NULL, now()),
    ('01900000-0000-7000-8000-000000000003', 'ct0_pranpc', 1, NULL, now());

INSERT INTO parameter_items (version_id, position, code, description, weight, critical)
SELECT v.id, i.position, i.code, i.description, i.weight, i.critical
FROM parameter_versions v
CROSS JOIN (VALUES
    (1, 'GREETING', 'Opening: greets, names self and Telkom IndiHome, states the purpose', 10, false),
    (2, 'VERIFICATION', 'Verifies the customer: name and IndiHome service number', 15, true),
    (3, 'OFFER_EXPLAINED', 'Explains the offer correctly: product, price or terms, effective date', 25, true),
    (4, 'CLEAR_CONSENT', 'The customer clearly says yes to the offer as explained, without pressure', 30, true),
    (5, 'CONFIRMATION', 'Repeats what was agreed and what happens next', 10, false),
    (6, 'CLOSING', 'Polite closing, correct language, no interruptions', 10, false)
) AS i (position, code, description, weight, critical)
WHERE v.program IN ('add_on_consumer', 'wifi_addon_digital');

INSERT INTO parameter_items (version_id, position, code, description, weight, critical)
SELECT v.id, i.position, i.code, i.description, i.weight, i.critical
FROM parameter_versions v
CROSS JOIN (VALUES
    (1, 'GREETING', 'Opening: greets, names self and Telkom IndiHome, states the purpose', 10, false),
    (2, 'VERIFICATION', 'Verifies the customer: name and IndiHome service number', 15, true),
    (3, 'NEGOTIATION_STEPS', 'Offers the negotiation steps in the client''s order, none skipped', 25, true),
    (4, 'CLEAR_CONSENT', 'The customer clearly agrees to stay or come back, without pressure', 30, true),
    (5, 'CONFIRMATION', 'Repeats what was agreed and what happens next', 10, false),
    (6, 'CLOSING', 'Polite closing, correct language, no interruptions', 10, false)
) AS i (position, code, description, weight, critical)
WHERE v.program = 'ct0_pranpc';
