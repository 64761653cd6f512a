-- Before this migration a removed number had no row: removed entries go.
DROP TABLE dnc_history;
DELETE FROM dnc_numbers WHERE removed_at IS NOT NULL;
ALTER TABLE dnc_numbers
    DROP CONSTRAINT dnc_numbers_removal_complete,
    DROP COLUMN site,
    DROP COLUMN removed_by,
    DROP COLUMN removed_at,
    DROP COLUMN removal_reason;
