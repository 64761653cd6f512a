-- The raw event log: every event reporting consumed, as it arrived, append-only (the
-- code never updates or deletes a row). Every read model can be rebuilt from it
-- (`tam reporting rebuild`).
--
-- Partitioned by month of occurred_at, the month being the WIB month: partition
-- raw_events_YYYY_MM holds exactly the events of the WIB days of that month, so a
-- rebuild from a day reads only the partitions of that day's month on. The primary key
-- must hold the partition key: (occurred_at, id) (an event id is unique on its own; its
-- occurred_at never changes). It is also the order a rebuild replays in.
CREATE TABLE raw_events (
    id             uuid        NOT NULL,
    event_type     text        NOT NULL,
    version        integer     NOT NULL,
    producer       text        NOT NULL,
    site           text        NULL,
    correlation_id text        NULL,
    occurred_at    timestamptz NOT NULL,
    -- The WIB business day of occurred_at (tam_kernel::wib_date), what every fact is
    -- bucketed by.
    day            date        NOT NULL,
    payload        jsonb       NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (occurred_at, id)
) PARTITION BY RANGE (occurred_at);

-- No index on day: a day's events are a range of the primary key (WIB midnight to
-- midnight), and every index is paid by every insert.

-- A few months around today; the consumer creates the others the first time it sees
-- one (src/raw.rs, the same name and bounds).
DO $$
DECLARE
    first date := (date_trunc('month', (now() AT TIME ZONE 'Asia/Jakarta')) - interval '3 months')::date;
    m date;
BEGIN
    FOR i IN 0..6 LOOP
        m := (first + make_interval(months => i))::date;
        EXECUTE format(
            'CREATE TABLE IF NOT EXISTS %I PARTITION OF raw_events FOR VALUES FROM (%L) TO (%L)',
            'raw_events_' || to_char(m, 'YYYY_MM'),
            m::text || ' 00:00:00+07',
            (m + interval '1 month')::date::text || ' 00:00:00+07'
        );
    END LOOP;
END
$$;
