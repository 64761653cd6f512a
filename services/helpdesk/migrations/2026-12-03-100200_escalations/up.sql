-- The escalation levels fired, one row per (ticket, clock, level): the unique key is
-- what makes a level fire exactly once, whichever replica's poller gets there first.
CREATE TABLE escalations (
    id          bigserial   PRIMARY KEY,
    ticket_id   uuid        NOT NULL REFERENCES tickets (id),
    -- first_response, validation, provisioning, resolution.
    clock       text        NOT NULL,
    -- The ladder level's code and share of the target when it fired (the ladder may
    -- change later).
    level       text        NOT NULL,
    percent     integer     NOT NULL,
    breach      boolean     NOT NULL,
    -- When the clock reached the level, and when the poller recorded it.
    reached_at  timestamptz NOT NULL,
    fired_at    timestamptz NOT NULL,
    -- Who it notifies (assignee, supervisor_hd, manager, ioc), and the assignee then.
    recipients  text[]      NOT NULL,
    assignee_id uuid,
    -- When the notification goes out (the calendar's open hours unless urgent), and
    -- when it went.
    notify_at   timestamptz NOT NULL,
    notified_at timestamptz,
    CONSTRAINT escalations_once UNIQUE (ticket_id, clock, level),
    CONSTRAINT escalations_clock_known CHECK (
        clock IN ('first_response', 'validation', 'provisioning', 'resolution')),
    CONSTRAINT escalations_recipients_known CHECK (
        cardinality(recipients) > 0
        AND recipients <@ ARRAY['assignee', 'supervisor_hd', 'manager', 'ioc']::text[])
);

-- The notifications still to send, in time order (the poller's second timer).
CREATE INDEX escalations_pending ON escalations (notify_at) WHERE notified_at IS NULL;
-- "What reached me": by recipient role, newest first.
CREATE INDEX escalations_recipients ON escalations USING gin (recipients);
CREATE INDEX escalations_newest ON escalations (fired_at DESC, id DESC);
CREATE INDEX escalations_assignee ON escalations (assignee_id) WHERE assignee_id IS NOT NULL;
