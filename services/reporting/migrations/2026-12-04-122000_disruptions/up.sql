-- The disruptions family's facts: every helpdesk.disruption.* event that says something
-- about a disruption's span or severity, on the WIB day of the event. A disruption's
-- span and final severity are derived at report time.
CREATE TABLE disruption_events (
    event_id      uuid        PRIMARY KEY,
    disruption_id uuid        NOT NULL,
    -- reported, severity_set, acknowledged, resolved, confirmed, reopened.
    kind          text        NOT NULL,
    site          text        NOT NULL,
    programs      text[]      NOT NULL,
    severity      text,
    started_at    timestamptz NOT NULL,
    ended_at      timestamptz,
    at            timestamptz NOT NULL,
    day           date        NOT NULL
);
CREATE INDEX disruption_events_disruption ON disruption_events (disruption_id);
CREATE INDEX disruption_events_day ON disruption_events (day);
