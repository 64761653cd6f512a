-- Recruitment (issue 14): applicants, their experience and test results, their place in
-- the pipeline (with the history of stages, for the time in each), and the employment
-- contracts hiring makes. The eligibility rules of manual §2.1 are one const table in
-- code (domain::eligibility::RULES), not rows here.

-- An applicant applies to one requisition; a person applying again (or to another
-- requisition) is another applicant row. Hiring sets `hired_employee_id` once.
CREATE TABLE applicants (
    id                uuid        PRIMARY KEY,
    -- The national identity number (16 digits).
    nik               text        NOT NULL,
    full_name         text        NOT NULL,
    birth_date        date        NOT NULL,
    phone             text        NOT NULL,
    email             text,
    education_level   text        NOT NULL,
    education_field   text        NOT NULL,
    -- An internal candidate: their employee record.
    employee_id       uuid        REFERENCES employees (id),
    requisition_id    uuid        NOT NULL REFERENCES requisitions (id),
    stage             text        NOT NULL DEFAULT 'applied',
    stage_since       timestamptz NOT NULL,
    -- The employee hiring made.
    hired_employee_id uuid        REFERENCES employees (id),
    created_by        uuid        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT applicants_nik_digits CHECK (nik ~ '^[0-9]{16}$'),
    CONSTRAINT applicants_education_level_code
        CHECK (education_level IN ('SMA', 'D1', 'D2', 'D3', 'D4', 'S1', 'S2', 'S3')),
    CONSTRAINT applicants_stage_code CHECK (stage IN
        ('applied', 'screening', 'tests', 'interview', 'offer', 'hired', 'rejected', 'withdrawn')),
    -- One application of a person to a requisition.
    CONSTRAINT applicants_nik_requisition_key UNIQUE (nik, requisition_id),
    CONSTRAINT applicants_hired_employee_key UNIQUE (hired_employee_id),
    CONSTRAINT applicants_hired_at_hired CHECK ((stage = 'hired') = (hired_employee_id IS NOT NULL))
);

CREATE INDEX applicants_page ON applicants (created_at, id);
CREATE INDEX applicants_requisition ON applicants (requisition_id);

-- Earlier jobs, in the order given.
CREATE TABLE applicant_experiences (
    applicant_id uuid    NOT NULL REFERENCES applicants (id),
    position     integer NOT NULL,
    role         text    NOT NULL,
    employer     text    NOT NULL,
    months       integer NOT NULL,
    PRIMARY KEY (applicant_id, position),
    CONSTRAINT applicant_experiences_months CHECK (months >= 0),
    CONSTRAINT applicant_experiences_role_code CHECK (role IN
        ('agent', 'team_leader', 'supervisor', 'qc_officer', 'qa_officer', 'other'))
);

-- The latest result of each test (a retake replaces it).
CREATE TABLE applicant_tests (
    applicant_id uuid        NOT NULL REFERENCES applicants (id),
    kind         text        NOT NULL,
    passed       boolean     NOT NULL,
    score        integer,
    taken_on     date        NOT NULL,
    recorded_by  uuid        NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (applicant_id, kind),
    CONSTRAINT applicant_tests_kind_code
        CHECK (kind IN ('psychological', 'medical', 'written', 'voice_language')),
    CONSTRAINT applicant_tests_score CHECK (score BETWEEN 0 AND 100)
);

-- Every stage an applicant entered, when, and when they left it: the time in each.
CREATE TABLE applicant_stage_history (
    id           uuid        PRIMARY KEY,
    applicant_id uuid        NOT NULL REFERENCES applicants (id),
    stage        text        NOT NULL,
    entered_at   timestamptz NOT NULL,
    left_at      timestamptz,
    reason       text,
    moved_by     uuid        NOT NULL
);

CREATE INDEX applicant_stage_history_applicant ON applicant_stage_history (applicant_id, entered_at);
-- One open stage per applicant.
CREATE UNIQUE INDEX applicant_stage_history_open
    ON applicant_stage_history (applicant_id) WHERE left_at IS NULL;

-- Employment contracts: the first one is made by hiring; their lifecycle (extension,
-- end) is the next HR issue's.
CREATE TABLE contracts (
    id           uuid        PRIMARY KEY,
    employee_id  uuid        NOT NULL REFERENCES employees (id),
    applicant_id uuid        REFERENCES applicants (id),
    -- pkwt: fixed term (an end date); pkwtt: permanent (none).
    kind         text        NOT NULL,
    starts_on    date        NOT NULL,
    ends_on      date,
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT contracts_kind_code CHECK (kind IN ('pkwt', 'pkwtt')),
    CONSTRAINT contracts_end CHECK ((kind = 'pkwt') = (ends_on IS NOT NULL) AND (ends_on IS NULL OR ends_on > starts_on))
);

CREATE INDEX contracts_employee ON contracts (employee_id, starts_on);
