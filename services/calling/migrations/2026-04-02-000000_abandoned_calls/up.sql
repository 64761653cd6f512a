-- A call that will never get a result (the agent's softphone or browser died, the agent
-- went home) is closed without one by the agent's team leader or the site's operations
-- supervisor: when, by whom and why. Until then it held its prospect in_call for ever.
ALTER TABLE calls
    ADD COLUMN abandoned_at timestamptz,
    ADD COLUMN abandoned_by uuid,
    ADD COLUMN abandon_reason text,
    -- The three say one thing: all set, or none.
    ADD CONSTRAINT calls_abandonment_complete CHECK (
        (abandoned_at IS NULL) = (abandoned_by IS NULL)
        AND (abandoned_at IS NULL) = (abandon_reason IS NULL)
    ),
    -- A call is closed once: with a result, or without one.
    ADD CONSTRAINT calls_result_or_abandoned CHECK (outcome IS NULL OR abandoned_at IS NULL);

-- An abandoned call is no longer open: the prospect may be called again on a new claim.
DROP INDEX calls_one_open_per_prospect;
CREATE UNIQUE INDEX calls_one_open_per_prospect ON calls (prospect_id)
    WHERE outcome IS NULL AND abandoned_at IS NULL;
