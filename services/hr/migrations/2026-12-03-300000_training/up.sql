-- Training and certification (issue 14): classes (initial, refreshment, new-product
-- briefing) of a program at a site with a trainer, their sessions, who is enrolled,
-- attendance per session, final scores, and the certifications that let an agent call
-- a program (granted by passing an initial or refreshment class, or recorded as prior
-- for staff trained before the suite).

CREATE TABLE training_classes (
    id         uuid        PRIMARY KEY,
    kind       text        NOT NULL,
    program    text        NOT NULL,
    site       text        NOT NULL,
    title      text        NOT NULL,
    -- An active trainer of `site`.
    trainer_id uuid        NOT NULL REFERENCES employees (id),
    -- Absent for briefings (attendance only).
    pass_mark  smallint,
    created_by uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT training_classes_kind_code
        CHECK (kind IN ('initial', 'refreshment', 'product_briefing')),
    CONSTRAINT training_classes_pass_mark_range CHECK (pass_mark BETWEEN 0 AND 100),
    CONSTRAINT training_classes_pass_mark_kind
        CHECK ((kind = 'product_briefing') = (pass_mark IS NULL))
);

CREATE INDEX training_classes_page ON training_classes (created_at, id);
CREATE INDEX training_classes_site_page ON training_classes (site, created_at, id);

-- The sessions of a class. `trainer_id` repeats the class's trainer so that a trainer's
-- sessions are found without a join (no two may overlap, checked when a class is made
-- under a lock on the trainer's employee row).
CREATE TABLE training_sessions (
    id           uuid    PRIMARY KEY,
    class_id     uuid    NOT NULL REFERENCES training_classes (id),
    trainer_id   uuid    NOT NULL REFERENCES employees (id),
    position     integer NOT NULL,
    session_date date    NOT NULL,
    starts_at    time    NOT NULL,
    ends_at      time    NOT NULL,
    CONSTRAINT training_sessions_class_position_key UNIQUE (class_id, position),
    CONSTRAINT training_sessions_order CHECK (starts_at < ends_at)
);

CREATE INDEX training_sessions_trainer ON training_sessions (trainer_id, session_date);
CREATE INDEX training_sessions_class_date ON training_sessions (class_id, session_date);

-- Who is enrolled in a class and, once recorded, their final score and whether they
-- passed (NULL for briefings, which are attendance only).
CREATE TABLE training_enrollments (
    class_id    uuid        NOT NULL REFERENCES training_classes (id),
    employee_id uuid        NOT NULL REFERENCES employees (id),
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    -- Absent when hiring enrolled them.
    enrolled_by uuid,
    score       smallint,
    passed      boolean,
    scored_at   timestamptz,
    scored_by   uuid,
    PRIMARY KEY (class_id, employee_id),
    CONSTRAINT training_enrollments_score_range CHECK (score BETWEEN 0 AND 100),
    CONSTRAINT training_enrollments_scored
        CHECK ((score IS NULL) = (scored_at IS NULL) AND (score IS NULL) = (passed IS NULL))
);

CREATE INDEX training_enrollments_employee ON training_enrollments (employee_id);

-- Attendance of each enrolled employee at each session (a row once recorded; a later
-- record for the same session replaces it).
CREATE TABLE training_attendance (
    session_id  uuid        NOT NULL REFERENCES training_sessions (id),
    employee_id uuid        NOT NULL REFERENCES employees (id),
    class_id    uuid        NOT NULL REFERENCES training_classes (id),
    present     boolean     NOT NULL,
    recorded_by uuid        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, employee_id)
);

CREATE INDEX training_attendance_class ON training_attendance (class_id, employee_id);

-- Certifications: an employee may call `program` on day D when a row of that program
-- has valid_from <= D <= valid_until (both inclusive, WIB dates) and is not revoked.
-- Renewal adds a row; rows are never extended in place.
CREATE TABLE certifications (
    id          uuid        PRIMARY KEY,
    employee_id uuid        NOT NULL REFERENCES employees (id),
    program     text        NOT NULL,
    valid_from  date        NOT NULL,
    valid_until date        NOT NULL,
    -- 'class': passing `class_id`; 'prior': recorded for training before the suite.
    source      text        NOT NULL,
    class_id    uuid        REFERENCES training_classes (id),
    -- Why a prior certification was recorded.
    reason      text,
    recorded_by uuid        NOT NULL,
    revoked_at  timestamptz,
    -- When hr.certification.expired was published for it (or it was found superseded
    -- by a later row and needs none): the expiry poller's bookmark.
    expiry_handled_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT certifications_source_code CHECK (source IN ('class', 'prior')),
    CONSTRAINT certifications_source_class CHECK ((source = 'class') = (class_id IS NOT NULL)),
    CONSTRAINT certifications_period CHECK (valid_from <= valid_until)
);

CREATE INDEX certifications_employee_program ON certifications (employee_id, program, valid_until);
CREATE INDEX certifications_expiry ON certifications (valid_until) WHERE expiry_handled_at IS NULL;
