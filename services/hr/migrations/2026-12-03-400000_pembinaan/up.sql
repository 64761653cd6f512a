-- Pembinaan (issue 15): coaching and counseling records, warning letters (SP1 → SP2 →
-- SP3) and the termination reviews an SP3 opens. Nothing is deleted: a letter is
-- revoked with a reason, a plan is closed, a review is decided.

-- Coaching or counseling by a team leader or a site supervisor. A counseling record
-- with an open plan (`plan_open`) puts the employee in pembinaan from `held_on` until
-- the plan is closed (`plan_closed_on`, the day it closed, not included).
CREATE TABLE coaching_records (
    id               uuid        PRIMARY KEY,
    employee_id      uuid        NOT NULL REFERENCES employees (id),
    site             text,
    team_id          uuid,
    kind             text        NOT NULL,
    held_on          date        NOT NULL,
    topic            text        NOT NULL,
    agreed           text        NOT NULL,
    follow_up_on     date,
    plan_open        boolean     NOT NULL DEFAULT FALSE,
    plan_closed_on   date,
    -- [{"kind": "call" | "quality_return" | "cabut_mis_sale" | "attendance_day", "id": "..."}]
    evidence         jsonb       NOT NULL DEFAULT '[]'::jsonb,
    recorded_by      uuid        NOT NULL,
    recorded_by_role text        NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coaching_records_kind_code CHECK (kind IN ('coaching', 'counseling')),
    CONSTRAINT coaching_records_follow_up_after CHECK (follow_up_on IS NULL OR follow_up_on >= held_on)
);

CREATE INDEX coaching_records_employee ON coaching_records (employee_id, held_on);

-- Warning letters. `valid_until` is the last day in force (issued_on + the validity
-- in months set when issued, minus one day). In force on D: status issued,
-- acknowledged or approved and issued_on <= D <= valid_until. A direct letter (the
-- ladder unmet, `direct_reason` given) waits for HR's approval (pending_approval →
-- approved | rejected).
CREATE TABLE warning_letters (
    id                uuid        PRIMARY KEY,
    employee_id       uuid        NOT NULL REFERENCES employees (id),
    site              text        NOT NULL,
    level             text        NOT NULL,
    issued_on         date        NOT NULL,
    valid_until       date        NOT NULL,
    reason            text        NOT NULL,
    direct_reason     text,
    status            text        NOT NULL,
    issued_by         uuid        NOT NULL,
    issued_by_role    text        NOT NULL,
    issued_at         timestamptz NOT NULL DEFAULT now(),
    acknowledged_by   uuid,
    acknowledged_at   timestamptz,
    decided_by        uuid,
    decided_at        timestamptz,
    decision_note     text,
    revoked_by        uuid,
    revoked_at        timestamptz,
    revocation_reason text,
    CONSTRAINT warning_letters_level_code CHECK (level IN ('SP1', 'SP2', 'SP3')),
    CONSTRAINT warning_letters_status_code CHECK (
        status IN ('pending_approval', 'rejected', 'issued', 'acknowledged', 'approved', 'revoked')),
    CONSTRAINT warning_letters_validity CHECK (valid_until >= issued_on),
    CONSTRAINT warning_letters_revoked_reason CHECK (
        (status = 'revoked') = (revocation_reason IS NOT NULL))
);

CREATE INDEX warning_letters_employee ON warning_letters (employee_id, issued_on);

-- The termination review an SP3 in force opens for HR (one per letter).
CREATE TABLE termination_reviews (
    id          uuid        PRIMARY KEY,
    employee_id uuid        NOT NULL REFERENCES employees (id),
    letter_id   uuid        NOT NULL UNIQUE REFERENCES warning_letters (id),
    site        text        NOT NULL,
    status      text        NOT NULL DEFAULT 'open',
    opened_at   timestamptz NOT NULL DEFAULT now(),
    decision    text,
    note        text,
    decided_by  uuid,
    decided_at  timestamptz,
    CONSTRAINT termination_reviews_status_code CHECK (status IN ('open', 'decided')),
    CONSTRAINT termination_reviews_decision_code CHECK (
        (status = 'open' AND decision IS NULL)
        OR (status = 'decided' AND decision IN ('terminate', 'retain')))
);
