-- The workforce family (hr's SDM days and attendance). Every row keeps `recorded_on`,
-- the WIB day of the event it came from, so that `reset(from)` forgets exactly what
-- events of `from` on derived (a rebuild replays those).

-- The SDM fulfilment hr closed for a (site, program, role) and WIB day. It lands on
-- the day it describes (the payload's `day`), not on the day the close ran.
CREATE TABLE workforce_sdm_day (
    day         date        NOT NULL,
    site        text        NOT NULL,
    program     text        NOT NULL,
    role        text        NOT NULL,
    available   integer     NOT NULL,
    target      integer     NOT NULL,
    -- The close that wrote it (the latest wins if hr ever sent two).
    occurred_at timestamptz NOT NULL,
    recorded_on date        NOT NULL,
    PRIMARY KEY (site, program, role, day)
);
CREATE INDEX workforce_sdm_day_day ON workforce_sdm_day (day);
CREATE INDEX workforce_sdm_day_recorded_on ON workforce_sdm_day (recorded_on);

-- One row per employee and WIB day: the check-in and check-out as hr published them
-- (either may arrive first).
CREATE TABLE workforce_attendance_day (
    employee_id           uuid        NOT NULL,
    day                   date        NOT NULL,
    site                  text        NOT NULL,
    checked_in_at         timestamptz NULL,
    late                  boolean     NOT NULL DEFAULT false,
    check_in_recorded_on  date        NULL,
    checked_out_at        timestamptz NULL,
    check_out_recorded_on date        NULL,
    PRIMARY KEY (employee_id, day)
);
CREATE INDEX workforce_attendance_day_day ON workforce_attendance_day (day, site);

-- Every correction of an employee's day; the latest (by corrected_at) is the day.
CREATE TABLE workforce_attendance_correction (
    correction_id uuid        PRIMARY KEY,
    employee_id   uuid        NOT NULL,
    day           date        NOT NULL,
    site          text        NOT NULL,
    check_in_at   timestamptz NULL,
    check_out_at  timestamptz NULL,
    late          boolean     NOT NULL,
    corrected_at  timestamptz NOT NULL,
    recorded_on   date        NOT NULL
);
CREATE INDEX workforce_attendance_correction_day
    ON workforce_attendance_correction (employee_id, day);
CREATE INDEX workforce_attendance_correction_recorded_on
    ON workforce_attendance_correction (recorded_on);

-- The roster as each hr.employee.* event gave it, from the event's time on: the team
-- and role of an employee on a day are those of the latest event before the day's end.
CREATE TABLE workforce_roster (
    event_id    uuid        PRIMARY KEY,
    employee_id uuid        NOT NULL,
    valid_from  timestamptz NOT NULL,
    role        text        NOT NULL,
    site        text        NULL,
    program     text        NULL,
    team_id     uuid        NULL,
    recorded_on date        NOT NULL
);
CREATE INDEX workforce_roster_employee ON workforce_roster (employee_id, valid_from);

-- An employee's day as it reads now: the latest correction if any (a check-out made
-- after that correction still counts), else the check-in and check-out; with the
-- employee's team and role of that day.
CREATE VIEW workforce_presence AS
WITH days AS (
    SELECT employee_id, day FROM workforce_attendance_day
    UNION
    SELECT employee_id, day FROM workforce_attendance_correction
)
SELECT d.employee_id,
       d.day,
       COALESCE(c.site, a.site) AS site,
       CASE WHEN c.correction_id IS NULL THEN a.checked_in_at ELSE c.check_in_at END
           AS check_in_at,
       CASE WHEN c.correction_id IS NULL THEN a.checked_out_at
            WHEN a.checked_out_at > c.corrected_at THEN a.checked_out_at
            ELSE c.check_out_at END
           AS check_out_at,
       CASE WHEN c.correction_id IS NULL THEN COALESCE(a.late, false) ELSE c.late END
           AS late,
       r.team_id,
       r.role
FROM days d
LEFT JOIN workforce_attendance_day a
       ON a.employee_id = d.employee_id AND a.day = d.day
LEFT JOIN LATERAL (
    SELECT * FROM workforce_attendance_correction x
    WHERE x.employee_id = d.employee_id AND x.day = d.day
    ORDER BY x.corrected_at DESC, x.correction_id DESC
    LIMIT 1
) c ON true
LEFT JOIN LATERAL (
    SELECT y.team_id, y.role FROM workforce_roster y
    WHERE y.employee_id = d.employee_id
    -- The latest roster before the WIB day's end (17:00 UTC), else the first one.
    ORDER BY (y.valid_from < (d.day + 1)::timestamp AT TIME ZONE 'UTC' - interval '7 hours') DESC,
             CASE WHEN y.valid_from < (d.day + 1)::timestamp AT TIME ZONE 'UTC' - interval '7 hours'
                  THEN y.valid_from END DESC NULLS LAST,
             y.valid_from, y.event_id
    LIMIT 1
) r ON true;
