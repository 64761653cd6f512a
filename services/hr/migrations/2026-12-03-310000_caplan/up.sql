-- CAPLAN, SDM fulfilment and requisitions (issue 14).

-- Each employee's state from a day (WIB) on: status, role, site and program, written in
-- the transaction of every change of them (creation, suspension, reactivation,
-- deactivation, a move). The state on day D is the row with the greatest
-- `effective_on` <= D; several changes on one day keep the last (the state at the end
-- of the day).
CREATE TABLE employee_status_history (
    employee_id  uuid        NOT NULL REFERENCES employees (id),
    effective_on date        NOT NULL,
    status       text        NOT NULL,
    role         text        NOT NULL,
    site         text,
    program      text,
    changed_by   uuid,
    changed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (employee_id, effective_on),
    CONSTRAINT employee_status_history_status_code
        CHECK (status IN ('active', 'suspended', 'deactivated'))
);

CREATE INDEX employee_status_history_place
    ON employee_status_history (site, program, role, effective_on);

-- Existing employees: their current state since the day they were created (WIB).
INSERT INTO employee_status_history
    (employee_id, effective_on, status, role, site, program, changed_at)
SELECT id, (created_at AT TIME ZONE 'Asia/Jakarta')::date, status, role, site, program, updated_at
FROM employees;

-- CAPLAN revisions: the target headcount of a (site, program, role) from a month on.
-- Rows are never changed: the target of month M is the headcount of the revision made
-- last (set_at, id) among those effective from M or earlier, so a revision from a
-- month on replaces every later month and keeps the earlier ones as they were.
CREATE TABLE caplan_revisions (
    id             uuid        PRIMARY KEY,
    site           text        NOT NULL,
    program        text        NOT NULL,
    role           text        NOT NULL,
    -- The first day of the month the revision applies from.
    effective_from date        NOT NULL,
    headcount      integer     NOT NULL,
    note           text,
    set_by         uuid        NOT NULL,
    set_by_role    text        NOT NULL,
    set_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT caplan_revisions_headcount_non_negative CHECK (headcount >= 0),
    CONSTRAINT caplan_revisions_first_of_month CHECK (extract(day FROM effective_from) = 1)
);

CREATE INDEX caplan_revisions_key
    ON caplan_revisions (site, program, role, effective_from, set_at);

-- SDM fulfilment of closed days: written once when the day closes, never changed.
CREATE TABLE sdm_days (
    site      text        NOT NULL,
    program   text        NOT NULL,
    role      text        NOT NULL,
    day       date        NOT NULL,
    available integer     NOT NULL,
    target    integer     NOT NULL,
    closed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site, program, role, day)
);

-- The last day closed (one row): the daily close goes on from the day after.
CREATE TABLE sdm_close (
    id          boolean PRIMARY KEY DEFAULT TRUE CHECK (id),
    last_closed date    NOT NULL
);

-- Requisitions: a need for `headcount` people of a role (at a site, on a program) by a
-- date, opened by hand or by the CAPLAN gap (`origin`).
CREATE TABLE requisitions (
    id          uuid        PRIMARY KEY,
    site        text,
    program     text,
    role        text        NOT NULL,
    headcount   integer     NOT NULL,
    needed_by   date        NOT NULL,
    reason      text        NOT NULL,
    origin      text        NOT NULL,
    status      text        NOT NULL DEFAULT 'open',
    opened_by   uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT requisitions_headcount_positive CHECK (headcount > 0),
    CONSTRAINT requisitions_origin_code CHECK (origin IN ('manual', 'caplan_gap')),
    CONSTRAINT requisitions_status_code CHECK (status IN ('open', 'filled', 'cancelled'))
);

-- The CAPLAN gap never opens a second requisition for one (site, program, role).
CREATE UNIQUE INDEX requisitions_one_open_gap
    ON requisitions (site, program, role) WHERE origin = 'caplan_gap' AND status = 'open';
CREATE INDEX requisitions_page ON requisitions (created_at, id);

-- The employees hired against a requisition (marked by hiring).
CREATE TABLE requisition_hires (
    requisition_id uuid        NOT NULL REFERENCES requisitions (id),
    employee_id    uuid        NOT NULL REFERENCES employees (id),
    hired_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (requisition_id, employee_id),
    CONSTRAINT requisition_hires_employee_key UNIQUE (employee_id)
);
