-- IT disruptions of the sites escalated to IOC (manual §4.2.1): the disruption, its
-- append-only timeline (the status changes the SLA clocks are computed from, IOC's
-- updates, the severity set) and the SLA breaches escalated to IOC's manager. The
-- clocks run on the desk's calendars (P1 on `always`, the others on the site's office
-- hours); their targets per severity are the domain's (`domain::disruption::targets`).

CREATE TABLE disruptions (
    id                 uuid        PRIMARY KEY,
    -- What people say on the phone: "disruption 17".
    number             bigserial   NOT NULL UNIQUE,
    site               text        NOT NULL,
    category           text        NOT NULL,
    programs           text[]      NOT NULL,
    agents_affected    integer     NOT NULL,
    description        text        NOT NULL,
    proposed_severity  text        NOT NULL,
    -- The severity in force: the proposed one until IOC sets another.
    severity           text        NOT NULL,
    status             text        NOT NULL,
    reported_by        uuid        NOT NULL,
    reporter_role      text        NOT NULL,
    -- When the disruption started (the reporter says; at or before the report) and
    -- when it ended (IOC's last resolution; cleared by a reopening).
    started_at         timestamptz NOT NULL,
    ended_at           timestamptz,
    reported_at        timestamptz NOT NULL,
    acknowledged_at    timestamptz,
    closed_at          timestamptz,
    -- The escalation poller's timer: when the next SLA clock runs out.
    next_escalation_at timestamptz,
    updated_at         timestamptz NOT NULL,
    -- The Idempotency-Key of the report and what that request asked (its hash).
    idempotency_key    text,
    request_hash       text,
    CONSTRAINT disruptions_site_known CHECK (
        site IN ('medan', 'tangerang', 'bandung', 'semarang', 'malang', 'makassar')),
    CONSTRAINT disruptions_category_known CHECK (category IN ('telephony_dialer', 'network',
        'application', 'pc_headset', 'power', 'other')),
    CONSTRAINT disruptions_programs_known CHECK (
        cardinality(programs) > 0
        AND programs <@ ARRAY['add_on_consumer', 'wifi_addon_digital', 'ct0_pranpc']::text[]),
    CONSTRAINT disruptions_agents_affected_range CHECK (agents_affected BETWEEN 0 AND 10000),
    CONSTRAINT disruptions_description_not_blank CHECK (
        btrim(description) <> '' AND length(description) <= 2000),
    CONSTRAINT disruptions_severity_known CHECK (
        proposed_severity IN ('p1', 'p2', 'p3', 'p4') AND severity IN ('p1', 'p2', 'p3', 'p4')),
    CONSTRAINT disruptions_status_known CHECK (
        status IN ('reported', 'acknowledged', 'resolved', 'closed', 'reopened')),
    CONSTRAINT disruptions_started_before_report CHECK (started_at <= reported_at),
    CONSTRAINT disruptions_ended_when_fixed CHECK (
        (status IN ('resolved', 'closed')) = (ended_at IS NOT NULL)),
    CONSTRAINT disruptions_closed_when CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);

-- One disruption per Idempotency-Key of a reporter.
CREATE UNIQUE INDEX disruptions_idempotency_key ON disruptions (reported_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- The queues: newest first per site, keyset on (reported_at, id).
CREATE INDEX disruptions_queue ON disruptions (reported_at DESC, id DESC);
CREATE INDEX disruptions_site_queue ON disruptions (site, reported_at DESC, id DESC);
-- The open P1s a site's supervisor and team leaders see first.
CREATE INDEX disruptions_active_p1 ON disruptions (site)
    WHERE severity = 'p1' AND status IN ('reported', 'acknowledged', 'reopened');
-- The escalation poller reads the due timers in time order.
CREATE INDEX disruptions_next_escalation_at ON disruptions (next_escalation_at)
    WHERE next_escalation_at IS NOT NULL;

-- What happened to a disruption, append-only, visible to the reporting site.
CREATE TABLE disruption_timeline (
    id            bigserial   PRIMARY KEY,
    disruption_id uuid        NOT NULL REFERENCES disruptions (id),
    at            timestamptz NOT NULL,
    -- reported, status, severity, update, breached.
    kind          text        NOT NULL,
    -- The status from `at` on (reported and status entries).
    status        text,
    note          text,
    actor_id      uuid,
    actor_role    text,
    details       jsonb,
    CONSTRAINT disruption_timeline_kind_known CHECK (
        kind IN ('reported', 'status', 'severity', 'update', 'breached')),
    CONSTRAINT disruption_timeline_status_entries CHECK (
        (kind IN ('reported', 'status')) = (status IS NOT NULL))
);

CREATE INDEX disruption_timeline_disruption ON disruption_timeline (disruption_id, id);

CREATE FUNCTION disruption_timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'disruption_timeline is append-only';
END
$$;

CREATE TRIGGER disruption_timeline_append_only BEFORE UPDATE OR DELETE ON disruption_timeline
    FOR EACH ROW EXECUTE FUNCTION disruption_timeline_append_only();

-- The SLA breaches, one row per (disruption, clock): the unique key is what makes a
-- breach escalate exactly once, whichever replica's poller finds it first.
CREATE TABLE disruption_breaches (
    id             bigserial   PRIMARY KEY,
    disruption_id  uuid        NOT NULL REFERENCES disruptions (id),
    clock          text        NOT NULL,
    severity       text        NOT NULL,
    calendar       text        NOT NULL,
    target_minutes integer     NOT NULL,
    -- When the clock ran out, and when the poller recorded it.
    due_at         timestamptz NOT NULL,
    fired_at       timestamptz NOT NULL,
    escalated_to   text        NOT NULL,
    CONSTRAINT disruption_breaches_once UNIQUE (disruption_id, clock),
    CONSTRAINT disruption_breaches_clock_known CHECK (clock IN ('acknowledge', 'resolve'))
);
