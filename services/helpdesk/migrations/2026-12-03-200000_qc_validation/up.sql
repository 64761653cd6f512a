-- QC Tier 2: validating AddOn activations from every channel. A sampling plan per
-- channel, a checklist versioned per channel, and the validations of the sampled
-- activations (claimed with a lease, filled against the checklist version in force at
-- sampling).

-- The share of a channel's activated tickets QC Tier 2 validates (0 to 100 percent).
-- A channel without a plan is not sampled.
CREATE TABLE validation_plans (
    channel       text        PRIMARY KEY REFERENCES channels (code),
    share_percent integer     NOT NULL,
    updated_at    timestamptz NOT NULL,
    updated_by    uuid,
    CONSTRAINT validation_plans_share_range CHECK (share_percent BETWEEN 0 AND 100)
);

-- One version of a channel's validation checklist, in force from `effective_from` (a
-- WIB date) until a later version takes over. Versions are only ever inserted.
CREATE TABLE validation_checklists (
    id             uuid        PRIMARY KEY,
    channel        text        NOT NULL REFERENCES channels (code),
    version        integer     NOT NULL,
    effective_from date        NOT NULL,
    created_by     uuid,
    created_at     timestamptz NOT NULL,
    CONSTRAINT validation_checklists_channel_version_key UNIQUE (channel, version),
    CONSTRAINT validation_checklists_version_positive CHECK (version >= 1)
);

CREATE TABLE validation_checklist_items (
    checklist_id uuid    NOT NULL REFERENCES validation_checklists (id),
    position     integer NOT NULL,
    code         text    NOT NULL,
    text         text    NOT NULL,
    critical     boolean NOT NULL,
    PRIMARY KEY (checklist_id, code),
    CONSTRAINT validation_checklist_items_code_form CHECK (code ~ '^[A-Z0-9_-]{1,40}$'),
    CONSTRAINT validation_checklist_items_text_not_blank
        CHECK (btrim(text) <> '' AND length(text) <= 500)
);

-- A sampled activation: one per ticket, whatever the number of draws.
CREATE TABLE validations (
    id               uuid        PRIMARY KEY,
    ticket_id        uuid        NOT NULL REFERENCES tickets (id),
    channel          text        NOT NULL REFERENCES channels (code),
    -- When the ticket was activated: the queue's age and the stats' month.
    activated_at     timestamptz NOT NULL,
    checklist_id     uuid        NOT NULL REFERENCES validation_checklists (id),
    share_percent    integer     NOT NULL,
    sampled_at       timestamptz NOT NULL,
    sampled_by       uuid,
    status           text        NOT NULL DEFAULT 'waiting',
    claimed_by       uuid,
    claimed_at       timestamptz,
    lease_expires_at timestamptz,
    findings         text,
    validated_by     uuid,
    validated_at     timestamptz,
    -- The kendala an invalid activation opened on its ticket.
    issue_id         uuid        REFERENCES issues (id),
    updated_at       timestamptz NOT NULL,
    CONSTRAINT validations_one_per_ticket UNIQUE (ticket_id),
    CONSTRAINT validations_status_known
        CHECK (status IN ('waiting', 'claimed', 'valid', 'invalid')),
    CONSTRAINT validations_claim_together CHECK (
        (status = 'claimed') = (claimed_by IS NOT NULL AND lease_expires_at IS NOT NULL)
        OR status IN ('valid', 'invalid')),
    CONSTRAINT validations_result_together CHECK (
        (status IN ('valid', 'invalid')) = (validated_at IS NOT NULL AND validated_by IS NOT NULL)),
    CONSTRAINT validations_invalid_has_issue CHECK ((status = 'invalid') = (issue_id IS NOT NULL))
);

-- The claim's queue: by channel, oldest activation first.
CREATE INDEX validations_queue ON validations (status, channel, activated_at, id);
CREATE INDEX validations_month ON validations (channel, activated_at);

-- QC Tier 2's answer to each item of the validation's checklist version.
CREATE TABLE validation_answers (
    validation_id uuid    NOT NULL REFERENCES validations (id),
    item_code     text    NOT NULL,
    passed        boolean NOT NULL,
    note          text,
    PRIMARY KEY (validation_id, item_code)
);

-- The kendala an invalid activation opens for HD Support.
INSERT INTO issue_categories (code, name, it_cause) VALUES
    ('qc_invalid_activation', 'Activation found invalid by QC Tier 2', false)
ON CONFLICT (code) DO NOTHING;

-- Version 1 of every channel's checklist: what QC Tier 2 confirms with the customer.
INSERT INTO validation_checklists (id, channel, version, effective_from, created_by, created_at)
SELECT gen_random_uuid(), code, 1, DATE '2026-01-01', NULL, now() FROM channels;

INSERT INTO validation_checklist_items (checklist_id, position, code, text, critical)
SELECT c.id, i.position, i.code, i.text, i.critical
FROM validation_checklists c
CROSS JOIN (VALUES
    (0, 'CUSTOMER_CONFIRMS_ORDER', 'The customer confirms they ordered the AddOn', true),
    (1, 'PRODUCT_ACTIVE', 'The AddOn active on the IndiHome line is the one ordered', true),
    (2, 'PRICE_UNDERSTOOD', 'The customer knows the monthly price and the billing date', false)
) AS i (position, code, text, critical);
