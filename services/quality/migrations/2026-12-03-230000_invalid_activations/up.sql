-- Invalid activations on the agent's record: QC Tier 2 (helpdesk) found a sampled OBC
-- activation invalid (helpdesk.activation.invalidated). Quality keeps the ones that
-- name an agent and a call, so the agent, their team leader and the site's quality
-- roles see them beside the score. Activations of other channels name no agent and are
-- not kept.
CREATE TABLE invalid_activations (
    id             uuid        PRIMARY KEY,
    -- helpdesk's validation: one row per validation (the inbox makes redelivery
    -- harmless; this makes a re-sent event harmless too).
    validation_id  uuid        NOT NULL,
    ticket_id      uuid        NOT NULL,
    ticket_number  bigint      NOT NULL,
    channel        text        NOT NULL,
    call_id        uuid        NOT NULL,
    -- The call's tapping task, when quality has it (its program comes from there).
    task_id        uuid        REFERENCES tasks (id),
    agent_id       uuid        NOT NULL,
    team_id        uuid,
    site           text,
    program        text,
    product_code   text,
    failed_items   text[]      NOT NULL,
    findings       text        NOT NULL,
    validated_by   uuid        NOT NULL,
    validated_at   timestamptz NOT NULL,
    created_at     timestamptz NOT NULL,
    CONSTRAINT invalid_activations_validation_id_key UNIQUE (validation_id)
);

CREATE INDEX invalid_activations_agent ON invalid_activations (agent_id, validated_at);
CREATE INDEX invalid_activations_month ON invalid_activations (validated_at, site);
