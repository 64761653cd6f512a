-- The daily reconciliation runs: one per WIB day (the primary key is what makes the
-- run happen once across replicas: the replica whose insert wins runs it).
CREATE TABLE reconciliation_runs (
    day         date        PRIMARY KEY,
    -- When a replica claimed it (a claim left unfinished for 10 minutes is taken over).
    started_at  timestamptz NOT NULL,
    -- When the comparison finished; NULL while it runs or after a failure.
    checked_at  timestamptz NULL,
    -- Figures that differ; NULL until checked.
    differences integer     NULL,
    -- Why the last attempt failed (a source unreachable); NULL otherwise.
    error       text        NULL
);

-- Every figure a run compared.
CREATE TABLE reconciliation_figures (
    day          date   NOT NULL REFERENCES reconciliation_runs (day) ON DELETE CASCADE,
    source       text   NOT NULL,
    figure       text   NOT NULL,
    reporting    bigint NOT NULL,
    source_value bigint NOT NULL,
    difference   bigint NOT NULL,
    PRIMARY KEY (day, source, figure)
);
