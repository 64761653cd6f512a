-- The OBC sales prospect took back, by call: events of different types are not ordered,
-- so a correction may be read before the VALID it corrects. A won sale whose call was
-- already taken back by a later revision opens no ticket.
CREATE TABLE sale_reversals (
    call_id     uuid        PRIMARY KEY,
    revision    integer     NOT NULL,
    reason      text,
    reverted_at timestamptz NOT NULL,
    CONSTRAINT sale_reversals_revision_positive CHECK (revision > 0)
);
