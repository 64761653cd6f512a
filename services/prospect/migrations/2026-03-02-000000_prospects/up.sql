-- DAPROS imports, the prospects they bring, and each prospect's call attempts.

-- One accepted DAPROS file: its report. Written in the transaction that copies its rows,
-- so an import either exists with all its prospects or not at all. The row is inserted
-- first (it claims the Idempotency-Key and is what prospects and rejections reference)
-- and its counts are set at the end of the same transaction.
--
-- total = data rows read (blank lines not counted) = accepted + rejected + duplicates +
-- dnc_excluded; rejected counts rows with at least one bad field (a row may have
-- several errors).
CREATE TABLE dapros_imports (
    id              uuid        PRIMARY KEY,
    work_order_id   uuid        NOT NULL REFERENCES work_orders (id),
    -- The client's Idempotency-Key: the same key on the same work order imports once.
    idempotency_key text,
    -- Of the request body as received, hex; a replay with another body is refused.
    sha256          text        NOT NULL,
    total           integer     NOT NULL,
    accepted        integer     NOT NULL,
    rejected        integer     NOT NULL,
    duplicates      integer     NOT NULL,
    dnc_excluded    integer     NOT NULL,
    -- The first 1,000 errors of rejected rows [{line, field, reason}]; every left-out
    -- line (rejected, duplicate, dnc) is in dapros_rejections.
    errors          jsonb       NOT NULL,
    imported_by     uuid        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dapros_imports_idempotency_key UNIQUE (work_order_id, idempotency_key)
);

-- A work order's imports, newest first.
CREATE INDEX dapros_imports_work_order ON dapros_imports (work_order_id, created_at, id);

-- Every line of an import that was left out, and why (the downloadable list).
CREATE TABLE dapros_rejections (
    import_id uuid    NOT NULL REFERENCES dapros_imports (id) ON DELETE CASCADE,
    line      bigint  NOT NULL,
    field     text    NOT NULL,
    -- rejected (a field is bad), duplicate (IndiHome number seen before in the work
    -- order) or dnc (the contact number is on the do-not-call list).
    kind      text    NOT NULL,
    reason    text    NOT NULL,
    PRIMARY KEY (import_id, line, field),
    CONSTRAINT dapros_rejections_kind_code CHECK (kind IN ('rejected', 'duplicate', 'dnc'))
);

-- The rows of the DAPROS file being imported, COPY'd here by the importer and moved to
-- prospects / dapros_rejections by SQL in the same transaction, which deletes them
-- before it commits: no row here is ever committed, so concurrent imports never see
-- each other's. A good row has `field` NULL; a bad one is one row per error (line,
-- field, reason). UNLOGGED: nothing here outlives its transaction, so it need not be
-- written to the WAL (faster COPY). A permanent table rather than a TEMP one because
-- the service's database role has no TEMPORARY privilege (k8s/base/postgres/roles.sql).
CREATE UNLOGGED TABLE dapros_staging (
    id                 uuid,
    line               bigint NOT NULL,
    indihome_number    text,
    customer_name      text,
    contact_number     text,
    alt_contact_number text,
    region             text,
    notes              text,
    field              text,
    reason             text
);

-- A customer to call for a work order. `site` and `program` are the work order's, kept
-- here so that the pool of a site and program is one index range.
--
-- status: new (never called) | retry (unreached, waiting for available_at) |
-- follow_up (the customer asked to be called back at available_at, by assigned_to) |
-- in_call | awaiting_validation (AGREE, with QC) | returned (QC RETURN: back to its
-- agent first) | won (VALID) | declined | exhausted (attempt limit) | invalid (wrong
-- number) | dnc (number put on the do-not-call list) | cancelled (work order closed).
--
-- A claim does not change the status: it sets claimed_by/claim_id and pushes
-- available_at to the lease's end, so an expired lease makes the prospect claimable
-- again without any sweeper.
CREATE TABLE prospects (
    id                 uuid        PRIMARY KEY,
    -- No foreign keys here: rows are written only by the importer, in the transaction
    -- that inserts their import under the work order's lock, and a per-row key check
    -- doubled the time to file a million rows (services/prospect/README.md).
    work_order_id      uuid        NOT NULL,
    import_id          uuid        NOT NULL,
    line               bigint      NOT NULL,
    site               text        NOT NULL,
    program            text        NOT NULL,
    indihome_number    text        NOT NULL,
    customer_name      text        NOT NULL,
    contact_number     text        NOT NULL,
    alt_contact_number text,
    region             text,
    notes              text,
    status             text        NOT NULL DEFAULT 'new',
    assigned_to        uuid,
    assigned_team      uuid,
    assigned_at        timestamptz,
    available_at       timestamptz NOT NULL,
    claimed_by         uuid,
    claim_id           uuid,
    claimed_at         timestamptz,
    attempts           integer     NOT NULL DEFAULT 0,
    last_outcome       text,
    last_call_id       uuid,
    -- The QC RETURN that sent it back to its agent (shown with the prospect).
    return_reason         text,
    return_recommendation text,
    -- The highest quality.call.validated revision applied, per task (a newer one wins).
    validation_task_id    uuid,
    validation_revision   integer,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT prospects_work_order_indihome_key UNIQUE (work_order_id, indihome_number),
    CONSTRAINT prospects_status_code CHECK (status IN (
        'new', 'retry', 'follow_up', 'in_call', 'awaiting_validation', 'returned', 'won',
        'declined', 'exhausted', 'invalid', 'dnc', 'cancelled'))
);

-- `next`, tier by tier (see services/prospect/README.md): each tier is one index range.
CREATE INDEX prospects_pool ON prospects (site, program, available_at, id)
    WHERE assigned_to IS NULL AND status IN ('new', 'retry');
CREATE INDEX prospects_assigned ON prospects (assigned_to, available_at, id)
    WHERE assigned_to IS NOT NULL AND status IN ('new', 'retry', 'follow_up', 'returned');
CREATE INDEX prospects_team_follow_up ON prospects (assigned_team, available_at, id)
    WHERE status = 'follow_up';
CREATE INDEX prospects_claimed_by ON prospects (claimed_by) WHERE claimed_by IS NOT NULL;
CREATE INDEX prospects_contact_number ON prospects (contact_number);
-- A work order's prospects (progress, lists, closing) are found through the unique
-- (work_order_id, indihome_number) index: no second index on work_order_id.

-- Every call made on a prospect, from calling.call.completed (the attempt history).
CREATE TABLE prospect_attempts (
    call_id          uuid        PRIMARY KEY,
    prospect_id      uuid        NOT NULL REFERENCES prospects (id),
    agent_id         uuid        NOT NULL,
    outcome          text        NOT NULL,
    product_code     text,
    negotiation_step integer,
    follow_up_at     timestamptz,
    notes            text,
    started_at       timestamptz NOT NULL,
    ended_at         timestamptz NOT NULL,
    has_recording    boolean     NOT NULL
);

CREATE INDEX prospect_attempts_prospect ON prospect_attempts (prospect_id, started_at);
