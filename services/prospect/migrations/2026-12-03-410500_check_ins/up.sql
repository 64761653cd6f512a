-- The check-in gate (issue 15): a site may require its agents to check in before
-- calling. Kept from hr's events: the site policy (hr.site.attendance_policy_changed)
-- and each employee's WIB days with a check-in (hr.attendance.checked_in, checked_out,
-- corrected). Each row keeps `as_of`, the time of the newest event applied, so events
-- may arrive in any order, any number of times.

-- A site's policy (no row: not required).
CREATE TABLE attendance_policies (
    site              text        PRIMARY KEY,
    check_in_required boolean     NOT NULL,
    as_of             timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- An employee's WIB day as hr announced it.
CREATE TABLE check_ins (
    employee_id   uuid        NOT NULL,
    day           date        NOT NULL,
    -- Whether the day has a check-in (a correction may set it or take it away).
    checked_in    boolean     NOT NULL,
    check_in_at   timestamptz,
    check_out_at  timestamptz,
    as_of         timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (employee_id, day)
);
