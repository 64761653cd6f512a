-- Every delta folded into its key's row, then the one-row-per-key tables back.
DROP INDEX outbound_day_deltas;
WITH gone AS (DELETE FROM outbound_day RETURNING *)
INSERT INTO outbound_day (day, site, program, team_id, agent_id, work_order_id,
    calls, agree, decline, follow_up, no_answer, busy, unreachable, rejected, wrong_number,
    talk_seconds, abandoned, prospects_attempted, prospects_final, follow_up_due,
    follow_up_kept, follow_up_answered, follow_up_answered_agree, delta)
SELECT day, site, program, team_id, agent_id, work_order_id,
    SUM(calls), SUM(agree), SUM(decline), SUM(follow_up), SUM(no_answer), SUM(busy),
    SUM(unreachable), SUM(rejected), SUM(wrong_number), SUM(talk_seconds), SUM(abandoned),
    SUM(prospects_attempted), SUM(prospects_final), SUM(follow_up_due),
    SUM(follow_up_kept), SUM(follow_up_answered), SUM(follow_up_answered_agree), false
FROM gone
GROUP BY day, site, program, team_id, agent_id, work_order_id;
DROP INDEX outbound_day_key;
CREATE UNIQUE INDEX outbound_day_key ON outbound_day
    (day, site, program, team_id, agent_id, work_order_id) NULLS NOT DISTINCT;
ALTER TABLE outbound_day DROP COLUMN delta;

DROP VIEW event_counts;
CREATE TABLE event_counts (
    day        date   NOT NULL,
    event_type text   NOT NULL,
    site       text   NOT NULL DEFAULT '',
    events     bigint NOT NULL,
    PRIMARY KEY (day, event_type, site)
);
INSERT INTO event_counts (day, event_type, site, events)
SELECT day, event_type, site, SUM(events) FROM event_count_rows
GROUP BY day, event_type, site;
DROP TABLE event_count_rows;
