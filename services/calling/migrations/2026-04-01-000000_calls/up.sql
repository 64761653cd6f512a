-- calling's own tables: the claims it learns from prospect's events, the calls made on
-- them, their recordings, and the answers kept for Idempotency-Key replays.

-- The latest claim of each prospect, as `prospect.prospect.claimed` announced it
-- (written only by the consumer; a newer claimed_at replaces an older one).
CREATE TABLE claims (
    prospect_id uuid PRIMARY KEY,
    claim_id uuid NOT NULL,
    work_order_id uuid NOT NULL,
    wo_code text NOT NULL,
    agent_id uuid NOT NULL,
    team_id uuid,
    site text NOT NULL,
    program text NOT NULL,
    offers jsonb NOT NULL,
    attempt integer NOT NULL,
    lease_expires_at timestamptz NOT NULL,
    claimed_at timestamptz NOT NULL,
    -- Set by `prospect.prospect.withdrawn`: no call may start on this claim.
    withdrawn_reason text,
    withdrawn_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A withdrawal that arrived before any claim of its prospect (events of one producer
-- may be redelivered out of order): a claim not newer than it arrives withdrawn.
CREATE TABLE withdrawals (
    prospect_id uuid PRIMARY KEY,
    agent_id uuid,
    reason text NOT NULL,
    withdrawn_at timestamptz NOT NULL
);

CREATE TABLE calls (
    id uuid PRIMARY KEY,
    claim_id uuid NOT NULL,
    prospect_id uuid NOT NULL,
    work_order_id uuid NOT NULL,
    wo_code text NOT NULL,
    agent_id uuid NOT NULL,
    team_id uuid,
    site text NOT NULL,
    program text NOT NULL,
    -- The claim's offers when the call started: the result is checked against them.
    offers jsonb NOT NULL,
    attempt integer NOT NULL,
    masking_number text NOT NULL,
    started_at timestamptz NOT NULL,
    outcome text,
    product_code text,
    negotiation_step integer,
    follow_up_at timestamptz,
    notes text,
    ended_at timestamptz,
    duration_seconds integer,
    CONSTRAINT calls_result_complete CHECK ((outcome IS NULL) = (ended_at IS NULL)),
    CONSTRAINT calls_duration_non_negative CHECK (duration_seconds IS NULL OR duration_seconds >= 0)
);

-- One call per claim (a claim is one attempt), and at most one open call per prospect.
CREATE UNIQUE INDEX calls_one_per_claim ON calls (claim_id);
CREATE UNIQUE INDEX calls_one_open_per_prospect ON calls (prospect_id) WHERE outcome IS NULL;
-- Lists: newest first, by scope.
CREATE INDEX calls_agent_started ON calls (agent_id, started_at DESC, id DESC);
CREATE INDEX calls_team_started ON calls (team_id, started_at DESC, id DESC);
CREATE INDEX calls_site_started ON calls (site, started_at DESC, id DESC);
CREATE INDEX calls_started ON calls (started_at DESC, id DESC);

-- At most one recording per call; the object itself is in the recordings store.
CREATE TABLE recordings (
    call_id uuid PRIMARY KEY REFERENCES calls (id),
    object_key text NOT NULL UNIQUE,
    content_type text NOT NULL,
    size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
    sha256 text NOT NULL,
    uploaded_by uuid NOT NULL,
    attached_at timestamptz NOT NULL
);

-- The first answer to a request sent with an Idempotency-Key, per caller.
CREATE TABLE idempotency_keys (
    agent_id uuid NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    status smallint NOT NULL,
    body jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agent_id, key)
);
