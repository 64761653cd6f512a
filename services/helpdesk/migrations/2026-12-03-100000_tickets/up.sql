-- The HD Support desk: activation tickets, their append-only history, the SLA
-- configuration (calendars, policies, the escalation ladder) and the kendala (issues).

-- The AddOn catalogue of the channels the desk receives by API or CSV: an unknown
-- product there is a typo to refuse. OBC tickets carry the product of their work order
-- (the client's offer), which need not be listed here.
CREATE TABLE products (
    code   text    PRIMARY KEY,
    name   text    NOT NULL,
    active boolean NOT NULL DEFAULT true,
    CONSTRAINT products_code_form CHECK (code ~ '^[A-Z0-9_-]{1,50}$'),
    CONSTRAINT products_name_not_blank CHECK (btrim(name) <> '' AND length(name) <= 200)
);

INSERT INTO products (code, name) VALUES
    ('MINIPACK', 'IndiHome TV Minipack'),
    ('STB2', 'Second set-top box'),
    ('NETFLIX', 'Netflix'),
    ('HBO', 'HBO GO'),
    ('VIDIO', 'Vidio Platinum'),
    ('SPEED_UP', 'Speed on demand upgrade'),
    ('WIFI_EXT', 'WiFi Extender'),
    ('INDIHOME_STUDY', 'IndiHome Study'),
    ('GAMER', 'IndiHome Gamer');

-- Business-hours calendars (the domain's CalendarSpec as JSON, checked by the service
-- before it is stored).
CREATE TABLE calendars (
    code       text        PRIMARY KEY,
    name       text        NOT NULL,
    spec       jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid,
    CONSTRAINT calendars_code_form CHECK (code ~ '^[a-z0-9_-]{1,50}$'),
    CONSTRAINT calendars_name_not_blank CHECK (btrim(name) <> '' AND length(name) <= 200)
);

-- Office hours: Mon–Fri 08:00–17:00, Sat 08:00–12:00, closed on the national holidays
-- and cuti bersama of 2026–2027 (the SKB dates as announced; the supervisor corrects
-- them through the calendar API when the government moves one). One per time zone: the
-- SLA of a Makassar ticket runs on Makassar's clock (WITA).
INSERT INTO calendars (code, name, spec) VALUES
    ('office-wib', 'Office hours, WIB', '{"time_zone": "Asia/Jakarta", "versions": [{"effective_from": "2026-01-01", "week": {"mon": [{"start": "08:00", "end": "17:00"}], "tue": [{"start": "08:00", "end": "17:00"}], "wed": [{"start": "08:00", "end": "17:00"}], "thu": [{"start": "08:00", "end": "17:00"}], "fri": [{"start": "08:00", "end": "17:00"}], "sat": [{"start": "08:00", "end": "12:00"}], "sun": []}, "exceptions": [{"date": "2026-01-01", "name": "Tahun Baru Masehi", "intervals": []}, {"date": "2026-01-16", "name": "Isra Mikraj", "intervals": []}, {"date": "2026-02-16", "name": "Cuti bersama Tahun Baru Imlek", "intervals": []}, {"date": "2026-02-17", "name": "Tahun Baru Imlek", "intervals": []}, {"date": "2026-03-18", "name": "Cuti bersama Nyepi", "intervals": []}, {"date": "2026-03-19", "name": "Hari Suci Nyepi", "intervals": []}, {"date": "2026-03-20", "name": "Idul Fitri", "intervals": []}, {"date": "2026-03-21", "name": "Idul Fitri", "intervals": []}, {"date": "2026-03-23", "name": "Cuti bersama Idul Fitri", "intervals": []}, {"date": "2026-03-24", "name": "Cuti bersama Idul Fitri", "intervals": []}, {"date": "2026-04-03", "name": "Wafat Yesus Kristus", "intervals": []}, {"date": "2026-04-05", "name": "Paskah", "intervals": []}, {"date": "2026-05-01", "name": "Hari Buruh", "intervals": []}, {"date": "2026-05-14", "name": "Kenaikan Yesus Kristus", "intervals": []}, {"date": "2026-05-15", "name": "Cuti bersama Kenaikan", "intervals": []}, {"date": "2026-05-27", "name": "Idul Adha", "intervals": []}, {"date": "2026-05-28", "name": "Cuti bersama Idul Adha", "intervals": []}, {"date": "2026-05-31", "name": "Waisak", "intervals": []}, {"date": "2026-06-01", "name": "Hari Lahir Pancasila", "intervals": []}, {"date": "2026-06-16", "name": "Tahun Baru Islam", "intervals": []}, {"date": "2026-08-17", "name": "Hari Kemerdekaan", "intervals": []}, {"date": "2026-08-25", "name": "Maulid Nabi Muhammad", "intervals": []}, {"date": "2026-12-24", "name": "Cuti bersama Natal", "intervals": []}, {"date": "2026-12-25", "name": "Natal", "intervals": []}, {"date": "2027-01-01", "name": "Tahun Baru Masehi", "intervals": []}, {"date": "2027-01-05", "name": "Isra Mikraj", "intervals": []}, {"date": "2027-02-06", "name": "Tahun Baru Imlek", "intervals": []}, {"date": "2027-03-09", "name": "Hari Suci Nyepi", "intervals": []}, {"date": "2027-03-10", "name": "Idul Fitri", "intervals": []}, {"date": "2027-03-11", "name": "Idul Fitri", "intervals": []}, {"date": "2027-03-12", "name": "Cuti bersama Idul Fitri", "intervals": []}, {"date": "2027-03-26", "name": "Wafat Yesus Kristus", "intervals": []}, {"date": "2027-03-28", "name": "Paskah", "intervals": []}, {"date": "2027-05-01", "name": "Hari Buruh", "intervals": []}, {"date": "2027-05-06", "name": "Kenaikan Yesus Kristus", "intervals": []}, {"date": "2027-05-17", "name": "Idul Adha", "intervals": []}, {"date": "2027-05-20", "name": "Waisak", "intervals": []}, {"date": "2027-06-01", "name": "Hari Lahir Pancasila", "intervals": []}, {"date": "2027-06-06", "name": "Tahun Baru Islam", "intervals": []}, {"date": "2027-08-15", "name": "Maulid Nabi Muhammad", "intervals": []}, {"date": "2027-08-17", "name": "Hari Kemerdekaan", "intervals": []}, {"date": "2027-12-24", "name": "Cuti bersama Natal", "intervals": []}, {"date": "2027-12-25", "name": "Natal", "intervals": []}]}]}'),
    ('office-wita', 'Office hours, WITA', '{"time_zone": "Asia/Makassar", "versions": [{"effective_from": "2026-01-01", "week": {"mon": [{"start": "08:00", "end": "17:00"}], "tue": [{"start": "08:00", "end": "17:00"}], "wed": [{"start": "08:00", "end": "17:00"}], "thu": [{"start": "08:00", "end": "17:00"}], "fri": [{"start": "08:00", "end": "17:00"}], "sat": [{"start": "08:00", "end": "12:00"}], "sun": []}, "exceptions": [{"date": "2026-01-01", "name": "Tahun Baru Masehi", "intervals": []}, {"date": "2026-01-16", "name": "Isra Mikraj", "intervals": []}, {"date": "2026-02-16", "name": "Cuti bersama Tahun Baru Imlek", "intervals": []}, {"date": "2026-02-17", "name": "Tahun Baru Imlek", "intervals": []}, {"date": "2026-03-18", "name": "Cuti bersama Nyepi", "intervals": []}, {"date": "2026-03-19", "name": "Hari Suci Nyepi", "intervals": []}, {"date": "2026-03-20", "name": "Idul Fitri", "intervals": []}, {"date": "2026-03-21", "name": "Idul Fitri", "intervals": []}, {"date": "2026-03-23", "name": "Cuti bersama Idul Fitri", "intervals": []}, {"date": "2026-03-24", "name": "Cuti bersama Idul Fitri", "intervals": []}, {"date": "2026-04-03", "name": "Wafat Yesus Kristus", "intervals": []}, {"date": "2026-04-05", "name": "Paskah", "intervals": []}, {"date": "2026-05-01", "name": "Hari Buruh", "intervals": []}, {"date": "2026-05-14", "name": "Kenaikan Yesus Kristus", "intervals": []}, {"date": "2026-05-15", "name": "Cuti bersama Kenaikan", "intervals": []}, {"date": "2026-05-27", "name": "Idul Adha", "intervals": []}, {"date": "2026-05-28", "name": "Cuti bersama Idul Adha", "intervals": []}, {"date": "2026-05-31", "name": "Waisak", "intervals": []}, {"date": "2026-06-01", "name": "Hari Lahir Pancasila", "intervals": []}, {"date": "2026-06-16", "name": "Tahun Baru Islam", "intervals": []}, {"date": "2026-08-17", "name": "Hari Kemerdekaan", "intervals": []}, {"date": "2026-08-25", "name": "Maulid Nabi Muhammad", "intervals": []}, {"date": "2026-12-24", "name": "Cuti bersama Natal", "intervals": []}, {"date": "2026-12-25", "name": "Natal", "intervals": []}, {"date": "2027-01-01", "name": "Tahun Baru Masehi", "intervals": []}, {"date": "2027-01-05", "name": "Isra Mikraj", "intervals": []}, {"date": "2027-02-06", "name": "Tahun Baru Imlek", "intervals": []}, {"date": "2027-03-09", "name": "Hari Suci Nyepi", "intervals": []}, {"date": "2027-03-10", "name": "Idul Fitri", "intervals": []}, {"date": "2027-03-11", "name": "Idul Fitri", "intervals": []}, {"date": "2027-03-12", "name": "Cuti bersama Idul Fitri", "intervals": []}, {"date": "2027-03-26", "name": "Wafat Yesus Kristus", "intervals": []}, {"date": "2027-03-28", "name": "Paskah", "intervals": []}, {"date": "2027-05-01", "name": "Hari Buruh", "intervals": []}, {"date": "2027-05-06", "name": "Kenaikan Yesus Kristus", "intervals": []}, {"date": "2027-05-17", "name": "Idul Adha", "intervals": []}, {"date": "2027-05-20", "name": "Waisak", "intervals": []}, {"date": "2027-06-01", "name": "Hari Lahir Pancasila", "intervals": []}, {"date": "2027-06-06", "name": "Tahun Baru Islam", "intervals": []}, {"date": "2027-08-15", "name": "Maulid Nabi Muhammad", "intervals": []}, {"date": "2027-08-17", "name": "Hari Kemerdekaan", "intervals": []}, {"date": "2027-12-24", "name": "Cuti bersama Natal", "intervals": []}, {"date": "2027-12-25", "name": "Natal", "intervals": []}]}]}'),
    ('always', 'Around the clock', '{"time_zone": "Asia/Jakarta", "versions": [{"effective_from": "1970-01-01", "week": {"mon": [{"start": "00:00", "end": "24:00"}], "tue": [{"start": "00:00", "end": "24:00"}], "wed": [{"start": "00:00", "end": "24:00"}], "thu": [{"start": "00:00", "end": "24:00"}], "fri": [{"start": "00:00", "end": "24:00"}], "sat": [{"start": "00:00", "end": "24:00"}], "sun": [{"start": "00:00", "end": "24:00"}]}, "exceptions": []}]}');

-- SLA policies (the domain's SlaPolicy): the most specific match wins.
CREATE TABLE sla_policies (
    code                   text        PRIMARY KEY,
    channel                text        REFERENCES channels (code),
    product                text,
    priority               text,
    calendar               text        NOT NULL REFERENCES calendars (code),
    first_response_minutes integer     NOT NULL,
    validation_minutes     integer     NOT NULL,
    provisioning_minutes   integer     NOT NULL,
    resolution_minutes     integer     NOT NULL,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    updated_by             uuid,
    CONSTRAINT sla_policies_priority_known
        CHECK (priority IS NULL OR priority IN ('low', 'normal', 'high', 'urgent')),
    CONSTRAINT sla_policies_targets_in_range CHECK (
        first_response_minutes BETWEEN 1 AND 129600
        AND validation_minutes BETWEEN 1 AND 129600
        AND provisioning_minutes BETWEEN 1 AND 129600
        AND resolution_minutes BETWEEN 1 AND 129600)
);

-- A business day is 9 open hours (540 minutes). Walk-in and call-center customers are
-- waiting for an answer: a shorter first response; urgent tickets run around the clock.
INSERT INTO sla_policies (code, channel, product, priority, calendar, first_response_minutes,
                          validation_minutes, provisioning_minutes, resolution_minutes) VALUES
    ('default', NULL, NULL, NULL, 'office-wib', 240, 540, 1620, 2700),
    ('obc', 'obc', NULL, NULL, 'office-wib', 120, 540, 1620, 2700),
    ('plasa', 'plasa', NULL, NULL, 'office-wib', 60, 540, 1620, 2700),
    ('call-center-147', 'call_center_147', NULL, NULL, 'office-wib', 60, 540, 1620, 2700),
    ('high', NULL, NULL, 'high', 'office-wib', 60, 270, 1080, 1620),
    ('urgent', NULL, NULL, 'urgent', 'always', 30, 240, 720, 1440);

-- The escalation ladder (the domain's Ladder), in increasing percent.
CREATE TABLE escalation_levels (
    code    text    PRIMARY KEY,
    percent integer NOT NULL UNIQUE,
    notify  text[]  NOT NULL,
    CONSTRAINT escalation_levels_percent_range CHECK (percent BETWEEN 1 AND 1000),
    CONSTRAINT escalation_levels_notify_known CHECK (
        cardinality(notify) > 0
        AND notify <@ ARRAY['assignee', 'supervisor_hd', 'manager', 'ioc']::text[])
);

INSERT INTO escalation_levels (code, percent, notify) VALUES
    ('warning', 50, ARRAY['assignee']),
    ('supervisor', 80, ARRAY['supervisor_hd']),
    ('breach', 100, ARRAY['supervisor_hd', 'manager']);

-- One AddOn activation, from validation to activated (or failed, cancelled).
CREATE TABLE tickets (
    id                        uuid        PRIMARY KEY,
    -- What people say on the phone: "ticket 1042".
    number                    bigserial   NOT NULL UNIQUE,
    channel                   text        NOT NULL REFERENCES channels (code),
    indihome_number           text        NOT NULL,
    customer_name             text        NOT NULL,
    contact_number            text        NOT NULL,
    -- Sales: the product; retention: the negotiation step. Exactly one.
    product_code              text,
    negotiation_step          integer,
    -- The key of "one open ticket per (IndiHome number, product)": the product code, or
    -- 'retention' (a customer has one retention case at a time, whatever the step).
    product_key               text        NOT NULL,
    priority                  text        NOT NULL DEFAULT 'normal',
    site                      text,
    program                   text,
    work_order_id             uuid,
    call_id                   uuid,
    prospect_id               uuid,
    agent_id                  uuid,
    team_id                   uuid,
    status                    text        NOT NULL,
    -- The work status the ticket is in (a pause keeps the stage it interrupted).
    stage                     text        NOT NULL,
    provisioning_order_number text,
    assignee_id               uuid,
    opened_at                 timestamptz NOT NULL,
    -- The employee who opened it; NULL when a channel did (OBC sale, CSV import).
    opened_by                 uuid,
    resolved_at               timestamptz,
    -- Why HD Support must look at it (a verdict corrected to RETURN after work began).
    flag_reason               text,
    -- The escalation poller's timer: when the next ladder level is due.
    next_escalation_at        timestamptz,
    first_responded_at        timestamptz,
    updated_at                timestamptz NOT NULL,
    -- The Idempotency-Key of the request that opened it, and what that request asked.
    idempotency_key           text,
    request_hash              text,
    CONSTRAINT tickets_status_known CHECK (status IN ('validation', 'provisioning_issued',
        'activated', 'failed', 'cancelled', 'waiting_customer', 'waiting_provider')),
    CONSTRAINT tickets_stage_known CHECK (stage IN ('validation', 'provisioning_issued',
        'activated', 'failed', 'cancelled')),
    CONSTRAINT tickets_priority_known CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    CONSTRAINT tickets_product_or_step CHECK (
        (product_code IS NULL) <> (negotiation_step IS NULL)),
    CONSTRAINT tickets_indihome_number_form CHECK (indihome_number ~ '^[0-9]{10,13}$'),
    CONSTRAINT tickets_resolved_when CHECK (
        (status IN ('activated', 'failed', 'cancelled')) = (resolved_at IS NOT NULL))
);

-- One open ticket per (IndiHome number, product).
CREATE UNIQUE INDEX tickets_one_open ON tickets (indihome_number, product_key)
    WHERE status NOT IN ('activated', 'failed', 'cancelled');
-- One ticket per sale (OBC).
CREATE UNIQUE INDEX tickets_call_id ON tickets (call_id) WHERE call_id IS NOT NULL;
-- One ticket per Idempotency-Key of an employee.
CREATE UNIQUE INDEX tickets_idempotency_key ON tickets (opened_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- The escalation poller reads the due timers in time order.
CREATE INDEX tickets_next_escalation_at ON tickets (next_escalation_at)
    WHERE next_escalation_at IS NOT NULL;
-- The queues: newest first, keyset on (opened_at, id).
CREATE INDEX tickets_queue ON tickets (opened_at DESC, id DESC);
CREATE INDEX tickets_status_queue ON tickets (status, opened_at DESC, id DESC);
CREATE INDEX tickets_assignee ON tickets (assignee_id) WHERE assignee_id IS NOT NULL;
CREATE INDEX tickets_agent ON tickets (agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX tickets_indihome_number ON tickets (indihome_number);

-- What happened to a ticket, append-only: the SLA clocks are computed from its status
-- entries, the escalation levels fired are read from its escalated entries.
CREATE TABLE ticket_history (
    id         bigserial   PRIMARY KEY,
    ticket_id  uuid        NOT NULL REFERENCES tickets (id),
    at         timestamptz NOT NULL,
    kind       text        NOT NULL,
    -- The status from 'at' on (opened and status entries).
    status     text,
    note       text,
    actor_id   uuid,
    actor_role text,
    -- The channel that made the change when no person did.
    channel    text,
    details    jsonb,
    CONSTRAINT ticket_history_kind_form CHECK (kind ~ '^[a-z_]{1,40}$'),
    CONSTRAINT ticket_history_status_entries CHECK (
        (kind IN ('opened', 'status')) = (status IS NOT NULL))
);

CREATE INDEX ticket_history_ticket ON ticket_history (ticket_id, id);

-- Append-only: an UPDATE or DELETE is a bug, refused by the database itself.
CREATE FUNCTION ticket_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ticket_history is append-only';
END
$$;

CREATE TRIGGER ticket_history_append_only BEFORE UPDATE OR DELETE ON ticket_history
    FOR EACH ROW EXECUTE FUNCTION ticket_history_append_only();

-- The kinds of activation problem (kendala); the supervisor keeps the list.
CREATE TABLE issue_categories (
    code       text        PRIMARY KEY,
    name       text        NOT NULL,
    -- An IT cause: escalations also go to IOC.
    it_cause   boolean     NOT NULL DEFAULT false,
    active     boolean     NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT issue_categories_code_form CHECK (code ~ '^[a-z0-9_]{1,50}$'),
    CONSTRAINT issue_categories_name_not_blank CHECK (btrim(name) <> '' AND length(name) <= 200)
);

INSERT INTO issue_categories (code, name, it_cause) VALUES
    ('unreachable_customer', 'Customer unreachable', false),
    ('address_mismatch', 'Address mismatch', false),
    ('payment', 'Payment', false),
    ('provider_system_error', 'System error at the provider', true),
    ('duplicate_order', 'Duplicate order', false),
    ('product_incompatible', 'Product incompatible with the package', false);

-- A kendala of a ticket, open until resolved.
CREATE TABLE issues (
    id          uuid        PRIMARY KEY,
    ticket_id   uuid        NOT NULL REFERENCES tickets (id),
    category    text        NOT NULL REFERENCES issue_categories (code),
    description text        NOT NULL,
    opened_at   timestamptz NOT NULL,
    opened_by   uuid        NOT NULL,
    resolved_at timestamptz,
    resolved_by uuid,
    resolution  text,
    CONSTRAINT issues_resolved_together CHECK (
        (resolved_at IS NULL) = (resolved_by IS NULL)
        AND (resolved_at IS NULL) = (resolution IS NULL))
);

CREATE INDEX issues_ticket ON issues (ticket_id, opened_at);

-- What was done about an issue.
CREATE TABLE issue_followups (
    id              bigserial   PRIMARY KEY,
    issue_id        uuid        NOT NULL REFERENCES issues (id),
    at              timestamptz NOT NULL,
    author_id       uuid        NOT NULL,
    action          text        NOT NULL,
    -- Whether the customer (or the provider) was tried on the phone.
    contact_attempt boolean     NOT NULL DEFAULT false,
    result          text
);

CREATE INDEX issue_followups_issue ON issue_followups (issue_id, id);
