-- Abandoned calls count as open again. The old schema cannot say that a call was closed
-- without a result, so this fails (unique violation) once a prospect has an abandoned
-- call beside another call without a result: going down then means losing history.
DROP INDEX calls_one_open_per_prospect;
CREATE UNIQUE INDEX calls_one_open_per_prospect ON calls (prospect_id) WHERE outcome IS NULL;

ALTER TABLE calls
    DROP CONSTRAINT calls_result_or_abandoned,
    DROP CONSTRAINT calls_abandonment_complete,
    DROP COLUMN abandon_reason,
    DROP COLUMN abandoned_by,
    DROP COLUMN abandoned_at;
