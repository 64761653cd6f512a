-- The transactional outbox: a service writes its events here in the same transaction
-- as the state change they describe; the relay publishes them and deletes the row once
-- the broker has confirmed it.
CREATE TABLE outbox (
    seq          bigserial   PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    event_type   text        NOT NULL,
    body         text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- A row the broker refused (nack, or returned as unroutable) waits until then.
    available_at timestamptz NOT NULL DEFAULT now(),
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text
);

CREATE INDEX outbox_due ON outbox (available_at, seq);

-- Wakes the relay at once instead of at its next poll. The channel is named after the
-- schema so each service's relay hears only its own outbox.
CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();

-- The inbox: the id of every event this service has applied, written in the handler's
-- own transaction, so a redelivered event is recognised and applied once.
CREATE TABLE processed_events (
    event_id     uuid        PRIMARY KEY,
    event_type   text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
