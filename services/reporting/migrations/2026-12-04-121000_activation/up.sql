-- The activation family's facts (helpdesk's tickets, SLA breaches, QC Tier 2's
-- validations, CABUT cases, prospect's won and reverted sales). Every KPI is derived
-- from them at report time; each row lands on the WIB day of its event.

-- prospect.sale.won / prospect.sale.reverted: a sale's state is its highest revision's.
CREATE TABLE activation_sale_events (
    call_id       uuid        NOT NULL,
    revision      integer     NOT NULL,
    -- 'won' or 'reverted'.
    kind          text        NOT NULL,
    prospect_id   uuid        NOT NULL,
    work_order_id uuid        NOT NULL,
    agent_id      uuid        NOT NULL,
    team_id       uuid,
    site          text        NOT NULL,
    program       text        NOT NULL,
    at            timestamptz NOT NULL,
    day           date        NOT NULL,
    PRIMARY KEY (call_id, revision, kind)
);
CREATE INDEX activation_sale_events_day ON activation_sale_events (day);

-- helpdesk.ticket.opened.
CREATE TABLE activation_tickets (
    ticket_id  uuid        PRIMARY KEY,
    channel    text        NOT NULL,
    site       text,
    call_id    uuid,
    agent_id   uuid,
    opened_at  timestamptz NOT NULL,
    day        date        NOT NULL
);
CREATE INDEX activation_tickets_day ON activation_tickets (day);
CREATE INDEX activation_tickets_call ON activation_tickets (call_id);

-- helpdesk.ticket.resolved (a ticket failed and reopened is resolved again).
CREATE TABLE activation_resolutions (
    event_id    uuid        PRIMARY KEY,
    ticket_id   uuid        NOT NULL,
    channel     text        NOT NULL,
    site        text,
    resolution  text        NOT NULL,
    breached    boolean     NOT NULL,
    opened_at   timestamptz NOT NULL,
    resolved_at timestamptz NOT NULL,
    day         date        NOT NULL
);
CREATE INDEX activation_resolutions_ticket ON activation_resolutions (ticket_id);
CREATE INDEX activation_resolutions_day ON activation_resolutions (day);

-- helpdesk.ticket.breached (once per ticket and clock).
CREATE TABLE activation_breaches (
    ticket_id uuid NOT NULL,
    clock     text NOT NULL,
    channel   text NOT NULL,
    site      text,
    day       date NOT NULL,
    PRIMARY KEY (ticket_id, clock)
);
CREATE INDEX activation_breaches_day ON activation_breaches (day);

-- helpdesk.activation.validated / invalidated.
CREATE TABLE activation_qc2 (
    validation_id uuid    PRIMARY KEY,
    ticket_id     uuid    NOT NULL,
    valid         boolean NOT NULL,
    channel       text    NOT NULL,
    site          text,
    call_id       uuid,
    agent_id      uuid,
    team_id       uuid,
    day           date    NOT NULL
);
CREATE INDEX activation_qc2_day ON activation_qc2 (day);

-- helpdesk.cabut.case_opened.
CREATE TABLE activation_cabut_cases (
    case_id  uuid PRIMARY KEY,
    channel  text NOT NULL,
    call_id  uuid,
    agent_id uuid,
    team_id  uuid,
    site     text,
    program  text,
    day      date NOT NULL
);
CREATE INDEX activation_cabut_cases_day ON activation_cabut_cases (day);

-- helpdesk.cabut.case_surveyed: the reasons.
CREATE TABLE activation_cabut_surveys (
    case_id     uuid    PRIMARY KEY,
    channel     text    NOT NULL,
    call_id     uuid,
    agent_id    uuid,
    team_id     uuid,
    site        text,
    program     text,
    main_reason text    NOT NULL,
    reasons     text[]  NOT NULL,
    mis_sale    boolean NOT NULL,
    day         date    NOT NULL
);
CREATE INDEX activation_cabut_surveys_day ON activation_cabut_surveys (day);

-- helpdesk.cabut.mis_sale_suspected.
CREATE TABLE activation_mis_sales (
    case_id  uuid PRIMARY KEY,
    call_id  uuid NOT NULL,
    agent_id uuid NOT NULL,
    team_id  uuid,
    site     text NOT NULL,
    program  text NOT NULL,
    day      date NOT NULL
);
CREATE INDEX activation_mis_sales_day ON activation_mis_sales (day);
