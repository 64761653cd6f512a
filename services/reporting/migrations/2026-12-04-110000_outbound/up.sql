-- The outbound family's read model (K1): calls and their results, prospects worked and
-- settled, FOLLOW UP promises kept, per WIB day and agent; work orders' loaded lists.

-- The rollup every outbound report sums: one row per WIB day, site, program, team,
-- agent and work order. Call counters land on the day of the event that made them
-- true (`occurred_at`); the derived prospect and FOLLOW UP counters land on the day
-- their definition names (see outbound_facts) and are kept equal to the facts table
-- by deltas, so that arrival order never changes a figure.
CREATE TABLE outbound_day (
    day                      date   NOT NULL,
    site                     text   NOT NULL,
    program                  text   NOT NULL,
    -- NULL: an agent without a team.
    team_id                  uuid,
    agent_id                 uuid   NOT NULL,
    work_order_id            uuid   NOT NULL,
    -- Completed calls (attempts) and their outcomes.
    calls                    bigint NOT NULL DEFAULT 0,
    agree                    bigint NOT NULL DEFAULT 0,
    decline                  bigint NOT NULL DEFAULT 0,
    follow_up                bigint NOT NULL DEFAULT 0,
    no_answer                bigint NOT NULL DEFAULT 0,
    busy                     bigint NOT NULL DEFAULT 0,
    unreachable              bigint NOT NULL DEFAULT 0,
    rejected                 bigint NOT NULL DEFAULT 0,
    wrong_number             bigint NOT NULL DEFAULT 0,
    -- Sum of the completed calls' duration_seconds.
    talk_seconds             bigint NOT NULL DEFAULT 0,
    -- Calls closed without a result (calling.call.abandoned): not attempts.
    abandoned                bigint NOT NULL DEFAULT 0,
    -- Prospects whose first completed call is on this row.
    prospects_attempted      bigint NOT NULL DEFAULT 0,
    -- Prospects settled by a call on this row (final outcome or attempts exhausted).
    prospects_final          bigint NOT NULL DEFAULT 0,
    -- FOLLOW UP promises due on this day (the promised time's WIB day), of this agent.
    follow_up_due            bigint NOT NULL DEFAULT 0,
    -- Of those, the ones called back within 15 minutes of the promised time.
    follow_up_kept           bigint NOT NULL DEFAULT 0,
    -- Completed calls that answered a FOLLOW UP (the next completed call after it).
    follow_up_answered       bigint NOT NULL DEFAULT 0,
    -- Of those, the AGREEs.
    follow_up_answered_agree bigint NOT NULL DEFAULT 0
);
-- One row per key; an agent without a team is one key (NULLS NOT DISTINCT, PG 15).
CREATE UNIQUE INDEX outbound_day_key ON outbound_day
    (day, site, program, team_id, agent_id, work_order_id) NULLS NOT DISTINCT;
CREATE INDEX outbound_day_site_day ON outbound_day (site, day);

-- Prospects loaded into a work order (accepted rows of its DAPROS imports), on the
-- import's WIB day. Per work order: there is no agent or team.
CREATE TABLE outbound_loaded (
    day           date   NOT NULL,
    work_order_id uuid   NOT NULL,
    site          text   NOT NULL,
    program       text   NOT NULL,
    loaded        bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, work_order_id)
);

-- Work orders as the prospect events describe them: the label (wo_code) and the
-- attempt limit that exhausts a prospect.
CREATE TABLE outbound_work_orders (
    work_order_id uuid PRIMARY KEY,
    wo_code       text,
    site          text NOT NULL,
    program       text NOT NULL,
    -- From prospect.work_order.created; NULL until it is seen.
    max_attempts  integer,
    -- The WIB day of the created event (NULL until seen) and of the first event that
    -- named the work order (a rebuild from a day forgets what it learnt from then on).
    created_day   date,
    first_day     date NOT NULL
);

-- Every call seen, from whichever of its events came first (started, completed,
-- abandoned): the order-independent base of the prospect facts.
CREATE TABLE outbound_calls (
    call_id          uuid PRIMARY KEY,
    prospect_id      uuid        NOT NULL,
    work_order_id    uuid        NOT NULL,
    agent_id         uuid        NOT NULL,
    team_id          uuid,
    site             text        NOT NULL,
    program          text        NOT NULL,
    started_at       timestamptz NOT NULL,
    -- The WIB day of calling.call.started, if seen.
    started_day      date,
    -- From calling.call.completed: the outcome, its WIB day, the talk time and the
    -- promised time of a FOLLOW UP. NULL while not completed.
    outcome          text,
    completed_day    date,
    duration_seconds integer,
    follow_up_at     timestamptz,
    -- The WIB day of calling.call.abandoned, if seen.
    abandoned_day    date
);
CREATE INDEX outbound_calls_prospect ON outbound_calls (prospect_id);

-- What the prospect rules derived from a prospect's calls, one row per fact, with the
-- day and dimensions it counts on in outbound_day. Recomputed whole for a prospect
-- each time one of its calls changes; the difference is applied to outbound_day.
--   attempted        call_id = its first completed call (day: that call's)
--   final            call_id = the call that settled it (day: that call's)
--   follow_up_due    call_id = the FOLLOW UP call; at = the promised time;
--                    day = the promised time's WIB day; the promising agent's row
--   follow_up_kept   as follow_up_due; related_call_id = the call that kept it
--   follow_up_answered(_agree) call_id = the answering call (its day and row);
--                    related_call_id = the FOLLOW UP call it answered
CREATE TABLE outbound_facts (
    prospect_id     uuid NOT NULL,
    fact            text NOT NULL,
    call_id         uuid NOT NULL,
    day             date NOT NULL,
    site            text NOT NULL,
    program         text NOT NULL,
    team_id         uuid,
    agent_id        uuid NOT NULL,
    work_order_id   uuid NOT NULL,
    related_call_id uuid,
    at              timestamptz,
    PRIMARY KEY (prospect_id, fact, call_id)
);
