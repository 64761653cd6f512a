-- The CSV imports of the other channels' daily order lists: one row per import, with
-- its report (what became a ticket, what was refused and why, what was already
-- followed), so that a repeated upload with the same Idempotency-Key answers the same
-- report and opens nothing.
CREATE TABLE ticket_imports (
    id              uuid        PRIMARY KEY,
    channel         text        NOT NULL REFERENCES channels (code),
    idempotency_key text,
    -- SHA-256 of the file as received, hex: a key reused with another file is refused.
    sha256          text        NOT NULL,
    total           integer     NOT NULL DEFAULT 0,
    opened          integer     NOT NULL DEFAULT 0,
    rejected        integer     NOT NULL DEFAULT 0,
    duplicates      integer     NOT NULL DEFAULT 0,
    -- {"errors": [...], "duplicates": [...], "ignored_columns": [...]}
    report          jsonb       NOT NULL DEFAULT '{}',
    imported_by     uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    CONSTRAINT ticket_imports_not_obc CHECK (channel <> 'obc'),
    CONSTRAINT ticket_imports_counts CHECK (
        total >= 0 AND opened >= 0 AND rejected >= 0 AND duplicates >= 0
        AND total = opened + rejected + duplicates)
);

-- One import per Idempotency-Key and channel.
CREATE UNIQUE INDEX ticket_imports_idempotency_key ON ticket_imports (channel, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX ticket_imports_created ON ticket_imports (created_at DESC, id DESC);
