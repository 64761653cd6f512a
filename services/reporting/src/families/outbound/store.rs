//! The outbound read model's SQL: entity rows (calls, work orders), the rollup
//! (`outbound_day`, `outbound_loaded`) and the prospect facts kept equal to it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use diesel::result::Error as DbError;
use diesel::sql_types::{
    Array, BigInt, Date, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel::{QueryResult, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::Outcome;
use uuid::Uuid;

use super::fold::{prospect_facts, Call, Completion, Dims, Fact, FactKind};

/// The dimensions of a call, from any of its events.
#[derive(Debug, Clone)]
pub struct CallKey {
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub started_at: DateTime<Utc>,
    pub dims: Dims,
}

/// The `outbound_day` key columns, in order, for ON CONFLICT.
const KEY: &str = "day, site, program, team_id, agent_id, work_order_id";

/// Counters that only completions and abandonments bump (on their event's day).
const DIRECT: &[&str] = &[
    "calls",
    "agree",
    "decline",
    "follow_up",
    "no_answer",
    "busy",
    "unreachable",
    "rejected",
    "wrong_number",
    "talk_seconds",
    "abandoned",
];

/// Records `calling.call.started`; the call's facts are then refreshed by the caller.
pub async fn call_started(
    conn: &mut AsyncPgConnection,
    call: &CallKey,
    day: NaiveDate,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO outbound_calls (call_id, prospect_id, work_order_id, agent_id, team_id,
             site, program, started_at, started_day)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (call_id) DO UPDATE
             SET started_day = EXCLUDED.started_day, started_at = EXCLUDED.started_at
             WHERE outbound_calls.started_day IS NULL",
    )
    .bind::<SqlUuid, _>(call.call_id)
    .bind::<SqlUuid, _>(call.prospect_id)
    .bind::<SqlUuid, _>(call.dims.work_order_id)
    .bind::<SqlUuid, _>(call.dims.agent_id)
    .bind::<Nullable<SqlUuid>, _>(call.dims.team_id)
    .bind::<Text, _>(&call.dims.site)
    .bind::<Text, _>(&call.dims.program)
    .bind::<Timestamptz, _>(call.started_at)
    .bind::<Date, _>(day)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = SqlUuid)]
    #[allow(dead_code)]
    call_id: Uuid,
}

/// Records `calling.call.completed` and counts it on `day` (the completion's WIB
/// day): one call of its outcome, its talk time. A call already completed counts once.
pub async fn call_completed(
    conn: &mut AsyncPgConnection,
    call: &CallKey,
    day: NaiveDate,
    outcome: Outcome,
    duration_seconds: u32,
    follow_up_at: Option<DateTime<Utc>>,
) -> QueryResult<()> {
    let seconds = i32::try_from(duration_seconds).unwrap_or(i32::MAX);
    let fresh: Vec<Id> = diesel::sql_query(
        "INSERT INTO outbound_calls (call_id, prospect_id, work_order_id, agent_id, team_id,
             site, program, started_at, outcome, completed_day, duration_seconds, follow_up_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (call_id) DO UPDATE
             SET outcome = EXCLUDED.outcome, completed_day = EXCLUDED.completed_day,
                 duration_seconds = EXCLUDED.duration_seconds,
                 follow_up_at = EXCLUDED.follow_up_at, started_at = EXCLUDED.started_at
             WHERE outbound_calls.outcome IS NULL
         RETURNING call_id",
    )
    .bind::<SqlUuid, _>(call.call_id)
    .bind::<SqlUuid, _>(call.prospect_id)
    .bind::<SqlUuid, _>(call.dims.work_order_id)
    .bind::<SqlUuid, _>(call.dims.agent_id)
    .bind::<Nullable<SqlUuid>, _>(call.dims.team_id)
    .bind::<Text, _>(&call.dims.site)
    .bind::<Text, _>(&call.dims.program)
    .bind::<Timestamptz, _>(call.started_at)
    .bind::<Text, _>(outcome.as_str())
    .bind::<Date, _>(day)
    .bind::<Integer, _>(seconds)
    .bind::<Nullable<Timestamptz>, _>(follow_up_at)
    .load(conn)
    .await?;
    if fresh.is_empty() {
        return Ok(());
    }
    // The outcome's code is its column's name (a fixed vocabulary, never user text).
    let column = outcome.as_str();
    diesel::sql_query(format!(
        "INSERT INTO outbound_day ({KEY}, calls, {column}, talk_seconds)
         VALUES ($1, $2, $3, $4, $5, $6, 1, 1, $7)
         ON CONFLICT ({KEY}) DO UPDATE
             SET calls = outbound_day.calls + 1,
                 {column} = outbound_day.{column} + 1,
                 talk_seconds = outbound_day.talk_seconds + EXCLUDED.talk_seconds"
    ))
    .bind::<Date, _>(day)
    .bind::<Text, _>(&call.dims.site)
    .bind::<Text, _>(&call.dims.program)
    .bind::<Nullable<SqlUuid>, _>(call.dims.team_id)
    .bind::<SqlUuid, _>(call.dims.agent_id)
    .bind::<SqlUuid, _>(call.dims.work_order_id)
    .bind::<BigInt, _>(i64::from(duration_seconds))
    .execute(conn)
    .await?;
    Ok(())
}

/// Records `calling.call.abandoned` and counts it on `day` (once per call).
pub async fn call_abandoned(
    conn: &mut AsyncPgConnection,
    call: &CallKey,
    day: NaiveDate,
) -> QueryResult<()> {
    let fresh: Vec<Id> = diesel::sql_query(
        "INSERT INTO outbound_calls (call_id, prospect_id, work_order_id, agent_id, team_id,
             site, program, started_at, abandoned_day)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (call_id) DO UPDATE
             SET abandoned_day = EXCLUDED.abandoned_day, started_at = EXCLUDED.started_at
             WHERE outbound_calls.abandoned_day IS NULL
         RETURNING call_id",
    )
    .bind::<SqlUuid, _>(call.call_id)
    .bind::<SqlUuid, _>(call.prospect_id)
    .bind::<SqlUuid, _>(call.dims.work_order_id)
    .bind::<SqlUuid, _>(call.dims.agent_id)
    .bind::<Nullable<SqlUuid>, _>(call.dims.team_id)
    .bind::<Text, _>(&call.dims.site)
    .bind::<Text, _>(&call.dims.program)
    .bind::<Timestamptz, _>(call.started_at)
    .bind::<Date, _>(day)
    .load(conn)
    .await?;
    if fresh.is_empty() {
        return Ok(());
    }
    diesel::sql_query(format!(
        "INSERT INTO outbound_day ({KEY}, abandoned) VALUES ($1, $2, $3, $4, $5, $6, 1)
         ON CONFLICT ({KEY}) DO UPDATE SET abandoned = outbound_day.abandoned + 1"
    ))
    .bind::<Date, _>(day)
    .bind::<Text, _>(&call.dims.site)
    .bind::<Text, _>(&call.dims.program)
    .bind::<Nullable<SqlUuid>, _>(call.dims.team_id)
    .bind::<SqlUuid, _>(call.dims.agent_id)
    .bind::<SqlUuid, _>(call.dims.work_order_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What a work order event says of it.
#[derive(Debug, Clone)]
pub struct WorkOrder<'a> {
    pub work_order_id: Uuid,
    pub wo_code: Option<&'a str>,
    pub site: &'a str,
    pub program: &'a str,
}

/// Records `prospect.work_order.created` (its code and attempt limit) and refreshes
/// the prospects already called on it: the limit decides which of them are exhausted.
pub async fn work_order_created(
    conn: &mut AsyncPgConnection,
    wo: &WorkOrder<'_>,
    max_attempts: u32,
    day: NaiveDate,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO outbound_work_orders (work_order_id, wo_code, site, program,
             max_attempts, created_day, first_day)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (work_order_id) DO UPDATE
             SET wo_code = EXCLUDED.wo_code, max_attempts = EXCLUDED.max_attempts,
                 created_day = EXCLUDED.created_day,
                 first_day = LEAST(outbound_work_orders.first_day, EXCLUDED.first_day)",
    )
    .bind::<SqlUuid, _>(wo.work_order_id)
    .bind::<Nullable<Text>, _>(wo.wo_code)
    .bind::<Text, _>(wo.site)
    .bind::<Text, _>(wo.program)
    .bind::<Integer, _>(i32::try_from(max_attempts).unwrap_or(i32::MAX))
    .bind::<Date, _>(day)
    .execute(conn)
    .await?;
    for prospect in prospects_of_work_order(conn, wo.work_order_id).await? {
        refresh_prospect(conn, prospect).await?;
    }
    Ok(())
}

/// Learns a work order's code (and that it exists) from any prospect event naming it.
pub async fn work_order_seen(
    conn: &mut AsyncPgConnection,
    wo: &WorkOrder<'_>,
    day: NaiveDate,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO outbound_work_orders (work_order_id, wo_code, site, program, first_day)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (work_order_id) DO UPDATE
             SET wo_code = COALESCE(outbound_work_orders.wo_code, EXCLUDED.wo_code),
                 first_day = LEAST(outbound_work_orders.first_day, EXCLUDED.first_day)
             WHERE (outbound_work_orders.wo_code IS NULL AND EXCLUDED.wo_code IS NOT NULL)
                OR outbound_work_orders.first_day > EXCLUDED.first_day",
    )
    .bind::<SqlUuid, _>(wo.work_order_id)
    .bind::<Nullable<Text>, _>(wo.wo_code)
    .bind::<Text, _>(wo.site)
    .bind::<Text, _>(wo.program)
    .bind::<Date, _>(day)
    .execute(conn)
    .await?;
    Ok(())
}

/// Counts a DAPROS import's accepted rows as loaded into its work order on `day`.
pub async fn loaded(
    conn: &mut AsyncPgConnection,
    wo: &WorkOrder<'_>,
    accepted: u32,
    day: NaiveDate,
) -> QueryResult<()> {
    work_order_seen(conn, wo, day).await?;
    diesel::sql_query(
        "INSERT INTO outbound_loaded (day, work_order_id, site, program, loaded)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (day, work_order_id) DO UPDATE
             SET loaded = outbound_loaded.loaded + EXCLUDED.loaded",
    )
    .bind::<Date, _>(day)
    .bind::<SqlUuid, _>(wo.work_order_id)
    .bind::<Text, _>(wo.site)
    .bind::<Text, _>(wo.program)
    .bind::<BigInt, _>(i64::from(accepted))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(QueryableByName)]
struct Prospect {
    #[diesel(sql_type = SqlUuid)]
    prospect_id: Uuid,
}

async fn prospects_of_work_order(
    conn: &mut AsyncPgConnection,
    work_order_id: Uuid,
) -> QueryResult<Vec<Uuid>> {
    let rows: Vec<Prospect> = diesel::sql_query(
        "SELECT DISTINCT prospect_id FROM outbound_calls WHERE work_order_id = $1",
    )
    .bind::<SqlUuid, _>(work_order_id)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.prospect_id).collect())
}

#[derive(QueryableByName)]
struct CallRow {
    #[diesel(sql_type = SqlUuid)]
    call_id: Uuid,
    #[diesel(sql_type = Timestamptz)]
    started_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = Text)]
    program: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    team_id: Option<Uuid>,
    #[diesel(sql_type = SqlUuid)]
    agent_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    work_order_id: Uuid,
    #[diesel(sql_type = Nullable<Text>)]
    outcome: Option<String>,
    #[diesel(sql_type = Nullable<Date>)]
    completed_day: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    follow_up_at: Option<DateTime<Utc>>,
}

#[derive(QueryableByName)]
struct Limit {
    #[diesel(sql_type = Nullable<Integer>)]
    max_attempts: Option<i32>,
}

#[derive(QueryableByName)]
struct FactRow {
    #[diesel(sql_type = Text)]
    fact: String,
    #[diesel(sql_type = SqlUuid)]
    call_id: Uuid,
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = Text)]
    program: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    team_id: Option<Uuid>,
    #[diesel(sql_type = SqlUuid)]
    agent_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    work_order_id: Uuid,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    related_call_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    at: Option<DateTime<Utc>>,
}

fn corrupt(what: String) -> DbError {
    DbError::DeserializationError(what.into())
}

/// Recomputes `prospect`'s facts from its calls and applies the difference with the
/// facts it had to `outbound_day`: the figures are those of the set of calls known,
/// whatever order their events came in.
pub async fn refresh_prospect(conn: &mut AsyncPgConnection, prospect: Uuid) -> QueryResult<()> {
    let rows: Vec<CallRow> = diesel::sql_query(
        "SELECT call_id, started_at, site, program, team_id, agent_id, work_order_id,
                outcome, completed_day, follow_up_at
         FROM outbound_calls WHERE prospect_id = $1",
    )
    .bind::<SqlUuid, _>(prospect)
    .load(conn)
    .await?;
    let mut calls = Vec::with_capacity(rows.len());
    for row in rows {
        let completion = match (row.outcome, row.completed_day) {
            (Some(outcome), Some(day)) => Some(Completion {
                outcome: outcome
                    .parse::<Outcome>()
                    .map_err(|e| corrupt(format!("outbound_calls.outcome: {e}")))?,
                day,
                follow_up_at: row.follow_up_at,
            }),
            _ => None,
        };
        calls.push(Call {
            call_id: row.call_id,
            started_at: row.started_at,
            dims: Dims {
                site: row.site,
                program: row.program,
                team_id: row.team_id,
                agent_id: row.agent_id,
                work_order_id: row.work_order_id,
            },
            completion,
        });
    }
    let max_attempts = match calls.as_slice().first() {
        Some(call) => {
            let limits: Vec<Limit> = diesel::sql_query(
                "SELECT max_attempts FROM outbound_work_orders WHERE work_order_id = $1",
            )
            .bind::<SqlUuid, _>(call.dims.work_order_id)
            .load(conn)
            .await?;
            limits
                .into_iter()
                .next()
                .and_then(|l| l.max_attempts)
                .and_then(|m| u32::try_from(m).ok())
        }
        None => None,
    };
    let new: BTreeSet<Fact> = prospect_facts(&calls, max_attempts).into_iter().collect();

    let old_rows: Vec<FactRow> = diesel::sql_query(
        "SELECT fact, call_id, day, site, program, team_id, agent_id, work_order_id,
                related_call_id, at
         FROM outbound_facts WHERE prospect_id = $1",
    )
    .bind::<SqlUuid, _>(prospect)
    .load(conn)
    .await?;
    let mut old = BTreeSet::new();
    for row in old_rows {
        let kind = FactKind::parse(&row.fact)
            .ok_or_else(|| corrupt(format!("outbound_facts.fact: {}", row.fact)))?;
        old.insert(Fact {
            kind,
            call_id: row.call_id,
            day: row.day,
            dims: Dims {
                site: row.site,
                program: row.program,
                team_id: row.team_id,
                agent_id: row.agent_id,
                work_order_id: row.work_order_id,
            },
            related_call_id: row.related_call_id,
            at: row.at,
        });
    }
    if old == new {
        return Ok(());
    }

    let gone: Vec<&Fact> = old.difference(&new).collect();
    let added: Vec<&Fact> = new.difference(&old).collect();
    let mut deltas: BTreeMap<(NaiveDate, &Dims), [i64; 6]> = BTreeMap::new();
    for (facts, sign) in [(&gone, -1), (&added, 1)] {
        for fact in facts {
            let at = FactKind::ALL
                .iter()
                .position(|k| *k == fact.kind)
                .unwrap_or_default();
            deltas.entry((fact.day, &fact.dims)).or_default()[at] += sign;
        }
    }
    for ((day, dims), d) in deltas {
        if d == [0; 6] {
            // A fact that only changed its detail (which call kept a promise).
            continue;
        }
        diesel::sql_query(format!(
            "INSERT INTO outbound_day ({KEY}, prospects_attempted, prospects_final,
                 follow_up_due, follow_up_kept, follow_up_answered, follow_up_answered_agree)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT ({KEY}) DO UPDATE SET
                 prospects_attempted = outbound_day.prospects_attempted + EXCLUDED.prospects_attempted,
                 prospects_final = outbound_day.prospects_final + EXCLUDED.prospects_final,
                 follow_up_due = outbound_day.follow_up_due + EXCLUDED.follow_up_due,
                 follow_up_kept = outbound_day.follow_up_kept + EXCLUDED.follow_up_kept,
                 follow_up_answered = outbound_day.follow_up_answered + EXCLUDED.follow_up_answered,
                 follow_up_answered_agree =
                     outbound_day.follow_up_answered_agree + EXCLUDED.follow_up_answered_agree"
        ))
        .bind::<Date, _>(day)
        .bind::<Text, _>(&dims.site)
        .bind::<Text, _>(&dims.program)
        .bind::<Nullable<SqlUuid>, _>(dims.team_id)
        .bind::<SqlUuid, _>(dims.agent_id)
        .bind::<SqlUuid, _>(dims.work_order_id)
        .bind::<BigInt, _>(d[0])
        .bind::<BigInt, _>(d[1])
        .bind::<BigInt, _>(d[2])
        .bind::<BigInt, _>(d[3])
        .bind::<BigInt, _>(d[4])
        .bind::<BigInt, _>(d[5])
        .execute(conn)
        .await?;
    }

    for fact in &gone {
        diesel::sql_query(
            "DELETE FROM outbound_facts WHERE prospect_id = $1 AND fact = $2 AND call_id = $3",
        )
        .bind::<SqlUuid, _>(prospect)
        .bind::<Text, _>(fact.kind.as_str())
        .bind::<SqlUuid, _>(fact.call_id)
        .execute(conn)
        .await?;
    }
    for fact in &added {
        diesel::sql_query(
            "INSERT INTO outbound_facts (prospect_id, fact, call_id, day, site, program,
                 team_id, agent_id, work_order_id, related_call_id, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind::<SqlUuid, _>(prospect)
        .bind::<Text, _>(fact.kind.as_str())
        .bind::<SqlUuid, _>(fact.call_id)
        .bind::<Date, _>(fact.day)
        .bind::<Text, _>(&fact.dims.site)
        .bind::<Text, _>(&fact.dims.program)
        .bind::<Nullable<SqlUuid>, _>(fact.dims.team_id)
        .bind::<SqlUuid, _>(fact.dims.agent_id)
        .bind::<SqlUuid, _>(fact.dims.work_order_id)
        .bind::<Nullable<SqlUuid>, _>(fact.related_call_id)
        .bind::<Nullable<Timestamptz>, _>(fact.at)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Forgets everything (a full rebuild follows).
pub async fn reset_all(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    for table in [
        "outbound_facts",
        "outbound_calls",
        "outbound_work_orders",
        "outbound_loaded",
        "outbound_day",
    ] {
        diesel::sql_query(format!("DELETE FROM {table}"))
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Forgets what events of WIB days `from` on told, and leaves every figure as the
/// events before `from` give it: those events' entity rows are cleared, their direct
/// counters zeroed, and the prospects they touched recomputed from what remains (their
/// facts may sit on earlier days, or a promise made earlier may be due later).
pub async fn reset_from(conn: &mut AsyncPgConnection, from: NaiveDate) -> QueryResult<()> {
    let touched: Vec<Prospect> = diesel::sql_query(
        "SELECT DISTINCT prospect_id FROM outbound_calls
         WHERE started_day >= $1 OR completed_day >= $1 OR abandoned_day >= $1
            OR work_order_id IN
               (SELECT work_order_id FROM outbound_work_orders WHERE created_day >= $1)",
    )
    .bind::<Date, _>(from)
    .load(conn)
    .await?;
    let statements = [
        "UPDATE outbound_calls SET outcome = NULL, completed_day = NULL,
             duration_seconds = NULL, follow_up_at = NULL
         WHERE completed_day >= $1",
        "UPDATE outbound_calls SET abandoned_day = NULL WHERE abandoned_day >= $1",
        "UPDATE outbound_calls SET started_day = NULL WHERE started_day >= $1",
        "DELETE FROM outbound_calls
         WHERE started_day IS NULL AND completed_day IS NULL AND abandoned_day IS NULL",
        "UPDATE outbound_work_orders SET max_attempts = NULL, created_day = NULL
         WHERE created_day >= $1",
        "DELETE FROM outbound_work_orders WHERE first_day >= $1",
        "DELETE FROM outbound_loaded WHERE day >= $1",
    ];
    for sql in statements {
        diesel::sql_query(sql)
            .bind::<Date, _>(from)
            .execute(conn)
            .await?;
    }
    let zero = DIRECT
        .iter()
        .map(|c| format!("{c} = 0"))
        .collect::<Vec<_>>()
        .join(", ");
    diesel::sql_query(format!("UPDATE outbound_day SET {zero} WHERE day >= $1"))
        .bind::<Date, _>(from)
        .execute(conn)
        .await?;
    for prospect in touched {
        refresh_prospect(conn, prospect.prospect_id).await?;
    }
    // Rows left with nothing in them (a live consumer never has them).
    let empty = DIRECT
        .iter()
        .copied()
        .chain(FactKind::ALL.iter().map(|k| k.column()))
        .map(|c| format!("{c} = 0"))
        .collect::<Vec<_>>()
        .join(" AND ");
    diesel::sql_query(format!("DELETE FROM outbound_day WHERE {empty}"))
        .execute(conn)
        .await?;
    Ok(())
}

/// The sums of `outbound_day` for one WIB day and group.
#[derive(Debug, Clone, Default, PartialEq, Eq, QueryableByName)]
pub struct Sums {
    #[diesel(sql_type = BigInt)]
    pub calls: i64,
    #[diesel(sql_type = BigInt)]
    pub agree: i64,
    #[diesel(sql_type = BigInt)]
    pub decline: i64,
    #[diesel(sql_type = BigInt)]
    pub follow_up: i64,
    #[diesel(sql_type = BigInt)]
    pub no_answer: i64,
    #[diesel(sql_type = BigInt)]
    pub busy: i64,
    #[diesel(sql_type = BigInt)]
    pub unreachable: i64,
    #[diesel(sql_type = BigInt)]
    pub rejected: i64,
    #[diesel(sql_type = BigInt)]
    pub wrong_number: i64,
    #[diesel(sql_type = BigInt)]
    pub talk_seconds: i64,
    #[diesel(sql_type = BigInt)]
    pub abandoned: i64,
    #[diesel(sql_type = BigInt)]
    pub prospects_attempted: i64,
    #[diesel(sql_type = BigInt)]
    pub prospects_final: i64,
    #[diesel(sql_type = BigInt)]
    pub follow_up_due: i64,
    #[diesel(sql_type = BigInt)]
    pub follow_up_kept: i64,
    #[diesel(sql_type = BigInt)]
    pub follow_up_answered: i64,
    #[diesel(sql_type = BigInt)]
    pub follow_up_answered_agree: i64,
}

impl Sums {
    pub fn add(&mut self, o: &Sums) {
        self.calls += o.calls;
        self.agree += o.agree;
        self.decline += o.decline;
        self.follow_up += o.follow_up;
        self.no_answer += o.no_answer;
        self.busy += o.busy;
        self.unreachable += o.unreachable;
        self.rejected += o.rejected;
        self.wrong_number += o.wrong_number;
        self.talk_seconds += o.talk_seconds;
        self.abandoned += o.abandoned;
        self.prospects_attempted += o.prospects_attempted;
        self.prospects_final += o.prospects_final;
        self.follow_up_due += o.follow_up_due;
        self.follow_up_kept += o.follow_up_kept;
        self.follow_up_answered += o.follow_up_answered;
        self.follow_up_answered_agree += o.follow_up_answered_agree;
    }

    pub fn is_empty(&self) -> bool {
        *self == Sums::default()
    }
}

#[derive(QueryableByName)]
pub struct DaySums {
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = Nullable<Text>)]
    pub group_id: Option<String>,
    #[diesel(embed)]
    pub sums: Sums,
}

#[derive(QueryableByName)]
pub struct DayLoaded {
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = Nullable<Text>)]
    pub group_id: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub loaded: i64,
}

/// Which rows a report reads: the caller's scope and the filters, each `None` when
/// it does not narrow.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub scope_site: Option<String>,
    pub scope_team: Option<Uuid>,
    pub scope_agent: Option<Uuid>,
    pub site: Option<String>,
    pub program: Option<String>,
    pub team: Option<Uuid>,
    pub agent: Option<Uuid>,
    pub work_order: Option<Uuid>,
}

/// `outbound_day` summed per WIB day and group (`group` is a fixed column expression).
pub async fn day_sums(
    conn: &mut AsyncPgConnection,
    group: &str,
    from: NaiveDate,
    to: NaiveDate,
    s: &Selection,
) -> QueryResult<Vec<DaySums>> {
    let sums = DIRECT
        .iter()
        .copied()
        .chain(FactKind::ALL.iter().map(|k| k.column()))
        .map(|c| format!("SUM({c})::bigint AS {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    diesel::sql_query(format!(
        "SELECT day, {group} AS group_id, {sums}
         FROM outbound_day
         WHERE day BETWEEN $1 AND $2
           AND ($3::text IS NULL OR site = $3)
           AND ($4::uuid IS NULL OR team_id = $4)
           AND ($5::uuid IS NULL OR agent_id = $5)
           AND ($6::text IS NULL OR site = $6)
           AND ($7::text IS NULL OR program = $7)
           AND ($8::uuid IS NULL OR team_id = $8)
           AND ($9::uuid IS NULL OR agent_id = $9)
           AND ($10::uuid IS NULL OR work_order_id = $10)
         GROUP BY 1, 2"
    ))
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Nullable<Text>, _>(s.scope_site.as_deref())
    .bind::<Nullable<SqlUuid>, _>(s.scope_team)
    .bind::<Nullable<SqlUuid>, _>(s.scope_agent)
    .bind::<Nullable<Text>, _>(s.site.as_deref())
    .bind::<Nullable<Text>, _>(s.program.as_deref())
    .bind::<Nullable<SqlUuid>, _>(s.team)
    .bind::<Nullable<SqlUuid>, _>(s.agent)
    .bind::<Nullable<SqlUuid>, _>(s.work_order)
    .load(conn)
    .await
}

/// `outbound_loaded` summed per WIB day and group (site, program, work order or total;
/// the caller never asks it for an agent or team selection).
pub async fn day_loaded(
    conn: &mut AsyncPgConnection,
    group: &str,
    from: NaiveDate,
    to: NaiveDate,
    s: &Selection,
) -> QueryResult<Vec<DayLoaded>> {
    diesel::sql_query(format!(
        "SELECT day, {group} AS group_id, SUM(loaded)::bigint AS loaded
         FROM outbound_loaded
         WHERE day BETWEEN $1 AND $2
           AND ($3::text IS NULL OR site = $3)
           AND ($4::text IS NULL OR site = $4)
           AND ($5::text IS NULL OR program = $5)
           AND ($6::uuid IS NULL OR work_order_id = $6)
         GROUP BY 1, 2"
    ))
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Nullable<Text>, _>(s.scope_site.as_deref())
    .bind::<Nullable<Text>, _>(s.site.as_deref())
    .bind::<Nullable<Text>, _>(s.program.as_deref())
    .bind::<Nullable<SqlUuid>, _>(s.work_order)
    .load(conn)
    .await
}

#[derive(QueryableByName)]
struct Code {
    #[diesel(sql_type = SqlUuid)]
    work_order_id: Uuid,
    #[diesel(sql_type = Nullable<Text>)]
    wo_code: Option<String>,
}

/// The codes of `ids`' work orders, where known.
pub async fn wo_codes(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> QueryResult<BTreeMap<Uuid, String>> {
    let rows: Vec<Code> = diesel::sql_query(
        "SELECT work_order_id, wo_code FROM outbound_work_orders WHERE work_order_id = ANY($1)",
    )
    .bind::<Array<SqlUuid>, _>(ids)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.wo_code.map(|c| (r.work_order_id, c)))
        .collect())
}
