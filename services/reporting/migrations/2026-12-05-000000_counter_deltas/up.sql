-- Issue 19: the consumer's batches no longer update counter rows; each inserts delta
-- rows, which reporting's background compaction folds into one row per key, and every
-- reader sums. Concurrent batches upserted the same rows (today's activity row, today's
-- agents' day rows) and queued on their row locks until each commit's WAL flush.

-- The activity counts: the table becomes `event_count_rows` (compacted rows and deltas);
-- `event_counts` is a view with the one-row-per-key shape its readers know.
ALTER TABLE event_counts RENAME TO event_count_rows;
ALTER TABLE event_count_rows DROP CONSTRAINT event_counts_pkey;
-- The rows present are compacted: one per key.
ALTER TABLE event_count_rows ADD COLUMN delta boolean NOT NULL DEFAULT false;
-- At most one compacted row per key (the compaction runs under one lock).
CREATE UNIQUE INDEX event_count_rows_key ON event_count_rows (day, event_type, site)
    WHERE NOT delta;
-- What the compaction looks for; small, as deltas live about one compaction interval.
CREATE INDEX event_count_rows_deltas ON event_count_rows (day, event_type, site)
    WHERE delta;
CREATE VIEW event_counts AS
    SELECT day, event_type, site, SUM(events)::bigint AS events
    FROM event_count_rows
    GROUP BY day, event_type, site;

-- The outbound day rollup: its readers already sum per group, so the table keeps its
-- name and columns, with delta rows besides each key's compacted row.
ALTER TABLE outbound_day ADD COLUMN delta boolean NOT NULL DEFAULT false;
DROP INDEX outbound_day_key;
CREATE UNIQUE INDEX outbound_day_key ON outbound_day
    (day, site, program, team_id, agent_id, work_order_id) NULLS NOT DISTINCT
    WHERE NOT delta;
CREATE INDEX outbound_day_deltas ON outbound_day
    (day, site, program, team_id, agent_id, work_order_id)
    WHERE delta;
