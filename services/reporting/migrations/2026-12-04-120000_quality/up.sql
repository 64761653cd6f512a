-- The quality family's facts (reporting derives every KPI from them at report time, so
-- that corrections and out-of-order arrivals need no undo).

-- One row per AGREE call (calling.call.completed with outcome agree), on the WIB day of
-- the event.
CREATE TABLE quality_agree_calls (
    call_id       uuid        PRIMARY KEY,
    prospect_id   uuid        NOT NULL,
    work_order_id uuid        NOT NULL,
    agent_id      uuid        NOT NULL,
    team_id       uuid,
    site          text        NOT NULL,
    program       text        NOT NULL,
    ended_at      timestamptz NOT NULL,
    day           date        NOT NULL
);
CREATE INDEX quality_agree_calls_day ON quality_agree_calls (day);
CREATE INDEX quality_agree_calls_prospect ON quality_agree_calls (prospect_id, ended_at);

-- One row per verdict revision of a tapping task (quality.call.validated): the task's
-- verdict is its highest revision's, and it counts on the WIB day of its lowest.
CREATE TABLE quality_verdicts (
    task_id       uuid        NOT NULL,
    revision      integer     NOT NULL,
    call_id       uuid        NOT NULL,
    prospect_id   uuid        NOT NULL,
    work_order_id uuid        NOT NULL,
    agent_id      uuid        NOT NULL,
    team_id       uuid,
    site          text        NOT NULL,
    program       text        NOT NULL,
    verdict       text        NOT NULL,
    validated_at  timestamptz NOT NULL,
    day           date        NOT NULL,
    PRIMARY KEY (task_id, revision)
);
CREATE INDEX quality_verdicts_day ON quality_verdicts (day);
CREATE INDEX quality_verdicts_call ON quality_verdicts (call_id);
CREATE INDEX quality_verdicts_prospect ON quality_verdicts (prospect_id);
