-- The do-not-call list keeps its history (issue 10): taking a number off the list no
-- longer deletes its row but marks it removed, with who, when and why, and every
-- addition and removal is a row of dnc_history. Expand only: nullable columns and a new
-- table, so a release still running the previous code keeps working against it.

-- The site of whoever added the entry (NULL: an all-site role). Only the supervisors of
-- that site, or an all-site role, may take it off the list.
ALTER TABLE dnc_numbers
    ADD COLUMN site           text,
    ADD COLUMN removed_by     uuid,
    ADD COLUMN removed_at     timestamptz,
    ADD COLUMN removal_reason text,
    ADD CONSTRAINT dnc_numbers_removal_complete CHECK (
        (removed_at IS NULL AND removed_by IS NULL AND removal_reason IS NULL)
        OR (removed_at IS NOT NULL AND removed_by IS NOT NULL AND removal_reason IS NOT NULL));

-- The entries listed so far: their adder's site, as the roster knows them.
UPDATE dnc_numbers d SET site = a.site FROM agents a WHERE a.employee_id = d.added_by;

-- Every time a number was put on the list or taken off it. One dnc_numbers row per
-- number (re-adding a removed number lists the same row again), many history rows.
-- No foreign key: the previous release deletes entries, and what it deleted stays here.
CREATE TABLE dnc_history (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dnc_id  uuid        NOT NULL,
    action  text        NOT NULL CONSTRAINT dnc_history_action_code
                                 CHECK (action IN ('added', 'removed')),
    actor   uuid        NOT NULL,
    -- The actor's site (NULL: an all-site role).
    site    text,
    reason  text        NOT NULL,
    at      timestamptz NOT NULL
);

CREATE INDEX dnc_history_entry ON dnc_history (dnc_id, id);

INSERT INTO dnc_history (dnc_id, action, actor, site, reason, at)
SELECT id, 'added', added_by, site, reason, added_at FROM dnc_numbers ORDER BY added_at, id;
