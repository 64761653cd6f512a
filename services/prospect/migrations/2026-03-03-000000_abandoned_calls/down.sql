ALTER TABLE prospects DROP COLUMN status_before_call;
