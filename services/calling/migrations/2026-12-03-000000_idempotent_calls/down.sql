-- The previous version reads only rendered answers: the kept calls are dropped.
DELETE FROM idempotency_keys;
