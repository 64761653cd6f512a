-- Contract lifecycle (issue 15): a contract's successor, the extension decision
-- (supervisor_ops proposes, HR confirms) and the once-per-threshold ending notices.
-- Overlap between one employee's contracts is checked in the inserting transaction under
-- the employee's row lock (no btree_gist needed).

-- The contract this one continues (an extension or a conversion); one successor each.
ALTER TABLE contracts ADD COLUMN previous_id uuid REFERENCES contracts (id);
CREATE UNIQUE INDEX contracts_one_successor ON contracts (previous_id)
    WHERE previous_id IS NOT NULL;

-- The decision on a fixed-term contract: proposed by the site's supervisor_ops
-- (replaceable until confirmed), confirmed by HR, which applies it. Never deleted.
CREATE TABLE contract_decisions (
    contract_id    uuid        PRIMARY KEY REFERENCES contracts (id),
    -- extend (with new_ends_on) | convert (to pkwtt) | end
    outcome        text        NOT NULL,
    new_ends_on    date,
    note           text,
    proposed_by    uuid        NOT NULL,
    proposed_at    timestamptz NOT NULL,
    confirmed_by   uuid,
    confirmed_at   timestamptz,
    -- The contract the confirmation made (extend, convert).
    successor_id   uuid        REFERENCES contracts (id),
    -- When the sweep deactivated the employee after the end date (end).
    deactivated_at timestamptz,
    CONSTRAINT contract_decisions_outcome CHECK (outcome IN ('extend', 'convert', 'end')),
    CONSTRAINT contract_decisions_new_end CHECK ((outcome = 'extend') = (new_ends_on IS NOT NULL)),
    CONSTRAINT contract_decisions_confirmed CHECK ((confirmed_by IS NULL) = (confirmed_at IS NULL))
);

CREATE INDEX contract_decisions_to_end ON contract_decisions (contract_id)
    WHERE outcome = 'end' AND confirmed_at IS NOT NULL AND deactivated_at IS NULL;

-- One notice per contract and threshold (days before its end), written by the sweep:
-- the unique key makes it once across sweeps and replicas.
CREATE TABLE contract_notices (
    contract_id    uuid        NOT NULL REFERENCES contracts (id),
    threshold_days integer     NOT NULL,
    ends_on        date        NOT NULL,
    noticed_on     date        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (contract_id, threshold_days),
    CONSTRAINT contract_notices_threshold CHECK (threshold_days IN (60, 30, 15, 7))
);

CREATE INDEX contracts_pkwt_end ON contracts (ends_on) WHERE kind = 'pkwt';
