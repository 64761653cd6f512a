-- A kept Idempotency-Key answer is now the call as the answer showed it (calling renders
-- it on each replay exactly as it rendered the first answer), no longer the rendered
-- JSON. Answers kept before are in the old form: they are dropped, so a retry that
-- straddles the upgrade is answered 409 (the result is recorded; GET the call) rather
-- than a replay.
DELETE FROM idempotency_keys;
