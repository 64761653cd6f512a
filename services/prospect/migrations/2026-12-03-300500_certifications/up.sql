-- The certifications hr announced (issue 14's gate): an agent may claim (`next`) or be
-- given prospects of a program only on a WIB day within a certification of theirs for
-- it, not revoked. Kept from hr.certification.* events, one row per certification:
-- granted writes its days, revoked its time, expired the day it ran out; each event
-- writes only its own columns, so they may arrive in any order, any number of times.
CREATE TABLE certifications (
    certification_id uuid        PRIMARY KEY,
    employee_id      uuid        NOT NULL,
    program          text        NOT NULL,
    -- Null until the granted event arrived (a revocation may come first).
    valid_from       date,
    valid_until      date,
    revoked_at       timestamptz,
    expired_on       date,
    -- `occurred_at` of the newest event applied.
    as_of            timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX certifications_employee_program
    ON certifications (employee_id, program, valid_until);
