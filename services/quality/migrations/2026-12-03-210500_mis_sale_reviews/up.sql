-- Mis-sale reviews: a review kind beside QA's verification of a QCO verdict. QC Tier 2's
-- CABUT survey found a cancelled OBC sale whose customer says they never ordered it or
-- did not understand the offer (helpdesk.cabut.mis_sale_suspected); the site's quality
-- supervisor reviews the call and decides whether it was a mis-sale.
CREATE TABLE mis_sale_reviews (
    id              uuid        PRIMARY KEY,
    -- helpdesk's CABUT case: one review per case (the inbox makes redelivery harmless;
    -- this makes a re-sent event harmless too).
    case_id         uuid        NOT NULL,
    call_id         uuid        NOT NULL,
    -- The tapping task of the call, when quality has it.
    task_id         uuid        REFERENCES tasks (id),
    agent_id        uuid        NOT NULL,
    team_id         uuid,
    site            text        NOT NULL,
    program         text        NOT NULL,
    indihome_number text        NOT NULL,
    product_code    text        NOT NULL,
    cancelled_on    date        NOT NULL,
    main_reason     text        NOT NULL,
    reasons         text[]      NOT NULL,
    survey_note     text,
    surveyed_at     timestamptz NOT NULL,
    status          text        NOT NULL DEFAULT 'pending',
    finding         text,
    decision_note   text,
    decided_by      uuid,
    decided_at      timestamptz,
    created_at      timestamptz NOT NULL,
    CONSTRAINT mis_sale_reviews_case_id_key UNIQUE (case_id),
    CONSTRAINT mis_sale_reviews_status_code CHECK (status IN ('pending', 'decided')),
    CONSTRAINT mis_sale_reviews_finding_code CHECK (
        finding IS NULL OR finding IN ('mis_sale', 'not_mis_sale')),
    CONSTRAINT mis_sale_reviews_decided_when CHECK (
        (status = 'decided') = (finding IS NOT NULL AND decided_at IS NOT NULL))
);

CREATE INDEX mis_sale_reviews_site_page ON mis_sale_reviews (site, created_at, id);
CREATE INDEX mis_sale_reviews_agent ON mis_sale_reviews (agent_id, surveyed_at);
