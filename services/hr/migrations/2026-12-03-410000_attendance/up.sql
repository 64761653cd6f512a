-- Attendance (issue 15): shifts per site, rosters, check-in and check-out, corrections
-- and the per-site "check-in required before calling" policy. Every time of day and
-- every day is on the WIB clock (Asia/Jakarta), as the operating hours and the gate of
-- prospect's `next` are.

-- A site's shifts, kept by its supervisor_ops. A shift ends after it starts (no shift
-- runs past midnight).
CREATE TABLE shifts (
    id         uuid        PRIMARY KEY,
    site       text        NOT NULL,
    code       text        NOT NULL,
    starts_at  time        NOT NULL,
    ends_at    time        NOT NULL,
    created_by uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shifts_site_code_key UNIQUE (site, code),
    CONSTRAINT shifts_end_after_start CHECK (ends_at > starts_at)
);

-- The roster: an employee's shift on a WIB day (one per day; a new assignment of the
-- same day replaces it).
CREATE TABLE roster_entries (
    employee_id uuid        NOT NULL REFERENCES employees (id),
    day         date        NOT NULL,
    shift_id    uuid        NOT NULL REFERENCES shifts (id),
    site        text        NOT NULL,
    assigned_by uuid        NOT NULL,
    assigned_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (employee_id, day)
);

CREATE INDEX roster_entries_site_day ON roster_entries (site, day);

-- What the employee recorded themself, by the server's clock: one row per WIB day,
-- never changed by a correction (corrections are rows of their own). `late` and
-- `early_leave` are classified against the day's rostered shift when it was recorded.
CREATE TABLE attendance_days (
    employee_id    uuid        NOT NULL REFERENCES employees (id),
    day            date        NOT NULL,
    site           text        NOT NULL,
    shift_id       uuid        REFERENCES shifts (id),
    check_in_at    timestamptz NOT NULL,
    check_out_at   timestamptz,
    late_minutes   integer     NOT NULL DEFAULT 0,
    late           boolean     NOT NULL DEFAULT false,
    early_minutes  integer     NOT NULL DEFAULT 0,
    early_leave    boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (employee_id, day),
    CONSTRAINT attendance_days_out_after_in
        CHECK (check_out_at IS NULL OR check_out_at >= check_in_at)
);

CREATE INDEX attendance_days_site_day ON attendance_days (site, day);

-- Corrections of a day by a team leader (own team) or a supervisor_ops (own site),
-- with a reason. The newest correction is the day's record; the original and every
-- earlier correction stay.
CREATE TABLE attendance_corrections (
    id             uuid        PRIMARY KEY,
    employee_id    uuid        NOT NULL REFERENCES employees (id),
    day            date        NOT NULL,
    site           text        NOT NULL,
    -- Null: the employee was absent that day.
    check_in_at    timestamptz,
    check_out_at   timestamptz,
    late           boolean     NOT NULL,
    early_leave    boolean     NOT NULL,
    reason         text        NOT NULL,
    corrected_by   uuid        NOT NULL,
    corrected_by_role text     NOT NULL,
    corrected_at   timestamptz NOT NULL,
    CONSTRAINT attendance_corrections_out_after_in
        CHECK (check_out_at IS NULL OR (check_in_at IS NOT NULL AND check_out_at >= check_in_at))
);

CREATE INDEX attendance_corrections_day
    ON attendance_corrections (employee_id, day, corrected_at);

-- A site's attendance policy (no row: check-in not required).
CREATE TABLE site_attendance_policies (
    site               text        PRIMARY KEY,
    check_in_required  boolean     NOT NULL,
    set_by             uuid        NOT NULL,
    set_by_role        text        NOT NULL,
    set_at             timestamptz NOT NULL
);
