-- Bench only: when each latency probe was applied. `applied_at` is taken inside the
-- consumer's transaction just before it commits (clock_timestamp(), not now(), which
-- would be the transaction's start).
CREATE TABLE bench_latency (
    event_id    uuid        PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
