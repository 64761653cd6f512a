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

/// The `outbound_day` key columns, in order.
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
    let mut deltas = DayDeltas::default();
    deltas.bump(day, &call.dims, direct("calls")?, 1);
    // The outcome's code is its column's name (a fixed vocabulary, never user text).
    deltas.bump(day, &call.dims, direct(outcome.as_str())?, 1);
    deltas.bump(
        day,
        &call.dims,
        direct("talk_seconds")?,
        i64::from(duration_seconds),
    );
    apply_day_deltas(conn, &deltas).await
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
    let mut deltas = DayDeltas::default();
    deltas.bump(day, &call.dims, direct("abandoned")?, 1);
    apply_day_deltas(conn, &deltas).await
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
    record_work_order_created(conn, wo, max_attempts, day).await?;
    let prospects = prospects_of_work_orders(conn, &[wo.work_order_id]).await?;
    let mut deltas = DayDeltas::default();
    refresh_prospects(conn, &prospects.into_iter().collect(), &mut deltas).await?;
    apply_day_deltas(conn, &deltas).await
}

/// Records `prospect.work_order.created` without refreshing its prospects: a batch
/// refreshes them once, after all its events are written.
pub async fn record_work_order_created(
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
    Ok(())
}

/// Learns a work order's code (and that it exists) from any prospect event naming it.
/// Nearly every such event (each claim) teaches nothing new: the statement then inserts
/// nothing, so it does not lock the work order's row (an `ON CONFLICT DO UPDATE` locks
/// the row even when its `WHERE` skips the update, and concurrent batches of one work
/// order's claims would queue on it until each commit).
pub async fn work_order_seen(
    conn: &mut AsyncPgConnection,
    wo: &WorkOrder<'_>,
    day: NaiveDate,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO outbound_work_orders (work_order_id, wo_code, site, program, first_day)
         SELECT $1, $2, $3, $4, $5
         WHERE NOT EXISTS (
             SELECT 1 FROM outbound_work_orders w
             WHERE w.work_order_id = $1
               AND (w.wo_code IS NOT NULL OR $2::text IS NULL)
               AND w.first_day <= $5)
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
    let mut deltas = DayDeltas::default();
    refresh_prospects(conn, &BTreeSet::from([prospect]), &mut deltas).await?;
    apply_day_deltas(conn, &deltas).await
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
    // In chunks: one array per statement, bounded.
    let touched: Vec<Uuid> = touched.into_iter().map(|p| p.prospect_id).collect();
    for chunk in touched.chunks(5_000) {
        let mut deltas = DayDeltas::default();
        refresh_prospects(conn, &chunk.iter().copied().collect(), &mut deltas).await?;
        apply_day_deltas(conn, &deltas).await?;
    }
    // Rows left with nothing in them (a live consumer never has them).
    let empty = counter_columns()
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
    let sums = counter_columns()
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

// ---- Batches: a delivery batch (or a rebuild page) folded with a few statements ----

/// How many counters an `outbound_day` row has: the direct ones, then the facts'.
const COUNTERS: usize = DIRECT.len() + FactKind::ALL.len();

/// What a batch of events adds to `outbound_day`, per row, tallied in Rust and written
/// by one statement ([`apply_day_deltas`]), in the key's order.
#[derive(Debug, Default)]
pub struct DayDeltas(BTreeMap<(NaiveDate, Dims), [i64; COUNTERS]>);

impl DayDeltas {
    fn bump(&mut self, day: NaiveDate, dims: &Dims, counter: usize, by: i64) {
        match self.0.get_mut(&(day, dims.clone())) {
            Some(row) => row[counter] += by,
            None => {
                let mut row = [0; COUNTERS];
                row[counter] = by;
                self.0.insert((day, dims.clone()), row);
            }
        }
    }

    fn bump_fact(&mut self, fact: &Fact, by: i64) {
        let at = FactKind::ALL
            .iter()
            .position(|k| *k == fact.kind)
            .unwrap_or_default();
        self.bump(fact.day, &fact.dims, DIRECT.len() + at, by);
    }
}

fn direct(column: &str) -> QueryResult<usize> {
    DIRECT
        .iter()
        .position(|c| *c == column)
        .ok_or_else(|| corrupt(format!("outbound_day has no counter {column}")))
}

/// `calling.call.started` of a batch.
#[derive(Debug, Clone)]
pub struct Started {
    pub call: CallKey,
    pub day: NaiveDate,
}

/// `calling.call.completed` of a batch.
#[derive(Debug, Clone)]
pub struct Completed {
    pub call: CallKey,
    pub day: NaiveDate,
    pub outcome: Outcome,
    pub duration_seconds: u32,
    pub follow_up_at: Option<DateTime<Utc>>,
}

/// `calling.call.abandoned` of a batch.
#[derive(Debug, Clone)]
pub struct Abandoned {
    pub call: CallKey,
    pub day: NaiveDate,
}

/// The first of each call's events in `items` (a second one would be a no-op one by one:
/// each upsert only fires when its column is still empty), sorted by call id so that
/// concurrent batches lock `outbound_calls` rows in one order. One statement cannot
/// touch a row twice, hence the dedupe.
fn firsts<T>(items: &[T], call: impl Fn(&T) -> &CallKey) -> Vec<&T> {
    let mut seen = BTreeSet::new();
    let mut out: Vec<&T> = items
        .iter()
        .filter(|i| seen.insert(call(i).call_id))
        .collect();
    out.sort_by_key(|i| call(i).call_id);
    out
}

/// The call columns every call event fills, as arrays for `unnest`.
#[derive(Default)]
struct CallArrays<'a> {
    call_id: Vec<Uuid>,
    prospect_id: Vec<Uuid>,
    work_order_id: Vec<Uuid>,
    agent_id: Vec<Uuid>,
    team_id: Vec<Option<Uuid>>,
    site: Vec<&'a str>,
    program: Vec<&'a str>,
    started_at: Vec<DateTime<Utc>>,
}

impl<'a> CallArrays<'a> {
    fn push(&mut self, c: &'a CallKey) {
        self.call_id.push(c.call_id);
        self.prospect_id.push(c.prospect_id);
        self.work_order_id.push(c.dims.work_order_id);
        self.agent_id.push(c.dims.agent_id);
        self.team_id.push(c.dims.team_id);
        self.site.push(&c.dims.site);
        self.program.push(&c.dims.program);
        self.started_at.push(c.started_at);
    }
}

/// Records a batch's `calling.call.started` with one statement (as [`call_started`]).
pub async fn calls_started(conn: &mut AsyncPgConnection, items: &[Started]) -> QueryResult<()> {
    let items = firsts(items, |i| &i.call);
    if items.is_empty() {
        return Ok(());
    }
    let mut a = CallArrays::default();
    let mut days = Vec::with_capacity(items.len());
    for i in &items {
        a.push(&i.call);
        days.push(i.day);
    }
    diesel::sql_query(
        "INSERT INTO outbound_calls (call_id, prospect_id, work_order_id, agent_id, team_id,
             site, program, started_at, started_day)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[],
                              $6::text[], $7::text[], $8::timestamptz[], $9::date[])
         ON CONFLICT (call_id) DO UPDATE
             SET started_day = EXCLUDED.started_day, started_at = EXCLUDED.started_at
             WHERE outbound_calls.started_day IS NULL",
    )
    .bind::<Array<SqlUuid>, _>(a.call_id)
    .bind::<Array<SqlUuid>, _>(a.prospect_id)
    .bind::<Array<SqlUuid>, _>(a.work_order_id)
    .bind::<Array<SqlUuid>, _>(a.agent_id)
    .bind::<Array<Nullable<SqlUuid>>, _>(a.team_id)
    .bind::<Array<Text>, _>(a.site)
    .bind::<Array<Text>, _>(a.program)
    .bind::<Array<Timestamptz>, _>(a.started_at)
    .bind::<Array<Date>, _>(days)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a batch's `calling.call.completed` with one statement (as [`call_completed`])
/// and tallies the calls completed for the first time into `deltas`.
pub async fn calls_completed(
    conn: &mut AsyncPgConnection,
    items: &[Completed],
    deltas: &mut DayDeltas,
) -> QueryResult<()> {
    let items = firsts(items, |i| &i.call);
    if items.is_empty() {
        return Ok(());
    }
    let mut a = CallArrays::default();
    let (mut outcomes, mut days, mut seconds, mut promised) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in &items {
        a.push(&i.call);
        outcomes.push(i.outcome.as_str());
        days.push(i.day);
        seconds.push(i32::try_from(i.duration_seconds).unwrap_or(i32::MAX));
        promised.push(i.follow_up_at);
    }
    let fresh: Vec<Id> = diesel::sql_query(
        "INSERT INTO outbound_calls (call_id, prospect_id, work_order_id, agent_id, team_id,
             site, program, started_at, outcome, completed_day, duration_seconds, follow_up_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[],
                              $6::text[], $7::text[], $8::timestamptz[], $9::text[],
                              $10::date[], $11::int4[], $12::timestamptz[])
         ON CONFLICT (call_id) DO UPDATE
             SET outcome = EXCLUDED.outcome, completed_day = EXCLUDED.completed_day,
                 duration_seconds = EXCLUDED.duration_seconds,
                 follow_up_at = EXCLUDED.follow_up_at, started_at = EXCLUDED.started_at
             WHERE outbound_calls.outcome IS NULL
         RETURNING call_id",
    )
    .bind::<Array<SqlUuid>, _>(a.call_id)
    .bind::<Array<SqlUuid>, _>(a.prospect_id)
    .bind::<Array<SqlUuid>, _>(a.work_order_id)
    .bind::<Array<SqlUuid>, _>(a.agent_id)
    .bind::<Array<Nullable<SqlUuid>>, _>(a.team_id)
    .bind::<Array<Text>, _>(a.site)
    .bind::<Array<Text>, _>(a.program)
    .bind::<Array<Timestamptz>, _>(a.started_at)
    .bind::<Array<Text>, _>(outcomes)
    .bind::<Array<Date>, _>(days)
    .bind::<Array<Integer>, _>(seconds)
    .bind::<Array<Nullable<Timestamptz>>, _>(promised)
    .load(conn)
    .await?;
    let fresh: BTreeSet<Uuid> = fresh.into_iter().map(|r| r.call_id).collect();
    let (calls, talk) = (direct("calls")?, direct("talk_seconds")?);
    for i in items.iter().filter(|i| fresh.contains(&i.call.call_id)) {
        let dims = &i.call.dims;
        deltas.bump(i.day, dims, calls, 1);
        deltas.bump(i.day, dims, direct(i.outcome.as_str())?, 1);
        deltas.bump(i.day, dims, talk, i64::from(i.duration_seconds));
    }
    Ok(())
}

/// Records a batch's `calling.call.abandoned` with one statement (as [`call_abandoned`])
/// and tallies the calls abandoned for the first time into `deltas`.
pub async fn calls_abandoned(
    conn: &mut AsyncPgConnection,
    items: &[Abandoned],
    deltas: &mut DayDeltas,
) -> QueryResult<()> {
    let items = firsts(items, |i| &i.call);
    if items.is_empty() {
        return Ok(());
    }
    let mut a = CallArrays::default();
    let mut days = Vec::with_capacity(items.len());
    for i in &items {
        a.push(&i.call);
        days.push(i.day);
    }
    let fresh: Vec<Id> = diesel::sql_query(
        "INSERT INTO outbound_calls (call_id, prospect_id, work_order_id, agent_id, team_id,
             site, program, started_at, abandoned_day)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[],
                              $6::text[], $7::text[], $8::timestamptz[], $9::date[])
         ON CONFLICT (call_id) DO UPDATE
             SET abandoned_day = EXCLUDED.abandoned_day, started_at = EXCLUDED.started_at
             WHERE outbound_calls.abandoned_day IS NULL
         RETURNING call_id",
    )
    .bind::<Array<SqlUuid>, _>(a.call_id)
    .bind::<Array<SqlUuid>, _>(a.prospect_id)
    .bind::<Array<SqlUuid>, _>(a.work_order_id)
    .bind::<Array<SqlUuid>, _>(a.agent_id)
    .bind::<Array<Nullable<SqlUuid>>, _>(a.team_id)
    .bind::<Array<Text>, _>(a.site)
    .bind::<Array<Text>, _>(a.program)
    .bind::<Array<Timestamptz>, _>(a.started_at)
    .bind::<Array<Date>, _>(days)
    .load(conn)
    .await?;
    let fresh: BTreeSet<Uuid> = fresh.into_iter().map(|r| r.call_id).collect();
    let abandoned = direct("abandoned")?;
    for i in items.iter().filter(|i| fresh.contains(&i.call.call_id)) {
        deltas.bump(i.day, &i.call.dims, abandoned, 1);
    }
    Ok(())
}

/// The prospects called on any of `work_orders`.
pub async fn prospects_of_work_orders(
    conn: &mut AsyncPgConnection,
    work_orders: &[Uuid],
) -> QueryResult<Vec<Uuid>> {
    if work_orders.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<Prospect> = diesel::sql_query(
        "SELECT DISTINCT prospect_id FROM outbound_calls WHERE work_order_id = ANY($1)",
    )
    .bind::<Array<SqlUuid>, _>(work_orders)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.prospect_id).collect())
}

#[derive(QueryableByName)]
struct ProspectCall {
    #[diesel(sql_type = SqlUuid)]
    prospect_id: Uuid,
    #[diesel(embed)]
    call: CallRow,
}

#[derive(QueryableByName)]
struct WorkOrderLimit {
    #[diesel(sql_type = SqlUuid)]
    work_order_id: Uuid,
    #[diesel(sql_type = Nullable<Integer>)]
    max_attempts: Option<i32>,
}

#[derive(QueryableByName)]
struct ProspectFact {
    #[diesel(sql_type = SqlUuid)]
    prospect_id: Uuid,
    #[diesel(embed)]
    fact: FactRow,
}

fn call_of(row: CallRow) -> QueryResult<Call> {
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
    Ok(Call {
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
    })
}

fn fact_of(row: FactRow) -> QueryResult<Fact> {
    let kind = FactKind::parse(&row.fact)
        .ok_or_else(|| corrupt(format!("outbound_facts.fact: {}", row.fact)))?;
    Ok(Fact {
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
    })
}

/// [`refresh_prospect`] for many prospects with five statements whatever their number:
/// their calls, their work orders' limits and their stored facts read at once, the facts
/// recomputed in Rust, the gone ones deleted and the new ones inserted at once, and the
/// difference tallied into `deltas` (written by the caller with [`apply_day_deltas`]).
/// Run after the batch's call rows are written, it gives what refreshing after each
/// event gave: the facts are a function of the final set of calls, and the deltas of
/// the refreshes in between add up to the difference between the first and the last.
pub async fn refresh_prospects(
    conn: &mut AsyncPgConnection,
    prospects: &BTreeSet<Uuid>,
    deltas: &mut DayDeltas,
) -> QueryResult<()> {
    if prospects.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = prospects.iter().copied().collect();
    let rows: Vec<ProspectCall> = diesel::sql_query(
        "SELECT prospect_id, call_id, started_at, site, program, team_id, agent_id,
                work_order_id, outcome, completed_day, follow_up_at
         FROM outbound_calls WHERE prospect_id = ANY($1)",
    )
    .bind::<Array<SqlUuid>, _>(&ids)
    .load(conn)
    .await?;
    let mut calls: BTreeMap<Uuid, Vec<Call>> = BTreeMap::new();
    for row in rows {
        calls
            .entry(row.prospect_id)
            .or_default()
            .push(call_of(row.call)?);
    }
    // The work order of a prospect's first call read, as one by one.
    let work_orders: BTreeSet<Uuid> = calls
        .values()
        .filter_map(|c| c.as_slice().first().map(|c| c.dims.work_order_id))
        .collect();
    let limits: BTreeMap<Uuid, Option<u32>> = if work_orders.is_empty() {
        BTreeMap::new()
    } else {
        let wo_ids: Vec<Uuid> = work_orders.into_iter().collect();
        let rows: Vec<WorkOrderLimit> = diesel::sql_query(
            "SELECT work_order_id, max_attempts FROM outbound_work_orders
             WHERE work_order_id = ANY($1)",
        )
        .bind::<Array<SqlUuid>, _>(wo_ids)
        .load(conn)
        .await?;
        rows.into_iter()
            .map(|r| {
                (
                    r.work_order_id,
                    r.max_attempts.and_then(|m| u32::try_from(m).ok()),
                )
            })
            .collect()
    };
    let rows: Vec<ProspectFact> = diesel::sql_query(
        "SELECT prospect_id, fact, call_id, day, site, program, team_id, agent_id,
                work_order_id, related_call_id, at
         FROM outbound_facts WHERE prospect_id = ANY($1)",
    )
    .bind::<Array<SqlUuid>, _>(&ids)
    .load(conn)
    .await?;
    let mut olds: BTreeMap<Uuid, BTreeSet<Fact>> = BTreeMap::new();
    for row in rows {
        olds.entry(row.prospect_id)
            .or_default()
            .insert(fact_of(row.fact)?);
    }

    let mut gone: Vec<(Uuid, Fact)> = Vec::new();
    let mut added: Vec<(Uuid, Fact)> = Vec::new();
    for prospect in prospects {
        let known = calls.get(prospect).map(Vec::as_slice).unwrap_or_default();
        let max_attempts = known
            .first()
            .and_then(|c| limits.get(&c.dims.work_order_id).copied().flatten());
        let new: BTreeSet<Fact> = prospect_facts(known, max_attempts).into_iter().collect();
        let old = olds.remove(prospect).unwrap_or_default();
        if old == new {
            continue;
        }
        for fact in old.difference(&new) {
            deltas.bump_fact(fact, -1);
            gone.push((*prospect, fact.clone()));
        }
        for fact in new.difference(&old) {
            deltas.bump_fact(fact, 1);
            added.push((*prospect, fact.clone()));
        }
    }
    // The gone first: a fact that only changed its detail keeps its key.
    if !gone.is_empty() {
        diesel::sql_query(
            "DELETE FROM outbound_facts f
             USING unnest($1::uuid[], $2::text[], $3::uuid[]) AS g(prospect_id, fact, call_id)
             WHERE f.prospect_id = g.prospect_id AND f.fact = g.fact AND f.call_id = g.call_id",
        )
        .bind::<Array<SqlUuid>, _>(gone.iter().map(|(p, _)| *p).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(
            gone.iter()
                .map(|(_, f)| f.kind.as_str())
                .collect::<Vec<_>>(),
        )
        .bind::<Array<SqlUuid>, _>(gone.iter().map(|(_, f)| f.call_id).collect::<Vec<_>>())
        .execute(conn)
        .await?;
    }
    if !added.is_empty() {
        diesel::sql_query(
            "INSERT INTO outbound_facts (prospect_id, fact, call_id, day, site, program,
                 team_id, agent_id, work_order_id, related_call_id, at)
             SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::date[], $5::text[],
                                  $6::text[], $7::uuid[], $8::uuid[], $9::uuid[], $10::uuid[],
                                  $11::timestamptz[])",
        )
        .bind::<Array<SqlUuid>, _>(added.iter().map(|(p, _)| *p).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(
            added
                .iter()
                .map(|(_, f)| f.kind.as_str())
                .collect::<Vec<_>>(),
        )
        .bind::<Array<SqlUuid>, _>(added.iter().map(|(_, f)| f.call_id).collect::<Vec<_>>())
        .bind::<Array<Date>, _>(added.iter().map(|(_, f)| f.day).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(
            added
                .iter()
                .map(|(_, f)| f.dims.site.as_str())
                .collect::<Vec<_>>(),
        )
        .bind::<Array<Text>, _>(
            added
                .iter()
                .map(|(_, f)| f.dims.program.as_str())
                .collect::<Vec<_>>(),
        )
        .bind::<Array<Nullable<SqlUuid>>, _>(
            added
                .iter()
                .map(|(_, f)| f.dims.team_id)
                .collect::<Vec<_>>(),
        )
        .bind::<Array<SqlUuid>, _>(
            added
                .iter()
                .map(|(_, f)| f.dims.agent_id)
                .collect::<Vec<_>>(),
        )
        .bind::<Array<SqlUuid>, _>(
            added
                .iter()
                .map(|(_, f)| f.dims.work_order_id)
                .collect::<Vec<_>>(),
        )
        .bind::<Array<Nullable<SqlUuid>>, _>(
            added
                .iter()
                .map(|(_, f)| f.related_call_id)
                .collect::<Vec<_>>(),
        )
        .bind::<Array<Nullable<Timestamptz>>, _>(
            added.iter().map(|(_, f)| f.at).collect::<Vec<_>>(),
        )
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// `outbound_day`'s counter columns, in their order: the direct counters, then the facts'.
fn counter_columns() -> impl Iterator<Item = &'static str> {
    DIRECT
        .iter()
        .copied()
        .chain(FactKind::ALL.iter().map(|k| k.column()))
}

/// Adds `deltas` to `outbound_day` with one insert of delta rows (rows whose deltas
/// cancel out are skipped, as one by one they were never written). Never an update:
/// concurrent batches bump the same rows (today's agents'), and an upsert made them
/// queue on those rows' locks until each commit; [`compact_day_rows`] folds the deltas
/// and every reader sums.
pub async fn apply_day_deltas(conn: &mut AsyncPgConnection, deltas: &DayDeltas) -> QueryResult<()> {
    let rows: Vec<(&(NaiveDate, Dims), &[i64; COUNTERS])> = deltas
        .0
        .iter()
        .filter(|(_, d)| **d != [0; COUNTERS])
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let columns: Vec<&str> = counter_columns().collect();
    let names = columns.join(", ");
    let arrays = (0..COUNTERS)
        .map(|i| format!("${}::int8[]", i + 7))
        .collect::<Vec<_>>()
        .join(", ");
    let mut query = diesel::sql_query(format!(
        "INSERT INTO outbound_day ({KEY}, {names}, delta)
         SELECT *, true FROM unnest($1::date[], $2::text[], $3::text[], $4::uuid[], $5::uuid[],
                                    $6::uuid[], {arrays})"
    ))
    .into_boxed::<diesel::pg::Pg>()
    .bind::<Array<Date>, _>(rows.iter().map(|((d, _), _)| *d).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(
        rows.iter()
            .map(|((_, k), _)| k.site.clone())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Text>, _>(
        rows.iter()
            .map(|((_, k), _)| k.program.clone())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Nullable<SqlUuid>>, _>(
        rows.iter().map(|((_, k), _)| k.team_id).collect::<Vec<_>>(),
    )
    .bind::<Array<SqlUuid>, _>(
        rows.iter()
            .map(|((_, k), _)| k.agent_id)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<SqlUuid>, _>(
        rows.iter()
            .map(|((_, k), _)| k.work_order_id)
            .collect::<Vec<_>>(),
    );
    for i in 0..COUNTERS {
        query = query.bind::<Array<BigInt>, _>(rows.iter().map(|(_, d)| d[i]).collect::<Vec<_>>());
    }
    query.execute(conn).await?;
    Ok(())
}

/// Folds the delta rows of up to `keys` keys of `outbound_day` (with each key's
/// compacted row) into one compacted row per key; answers how many keys. The caller
/// holds the compaction's lock (`crate::compact`): the DELETE removes exactly the rows
/// its snapshot sees, so a delta committed meanwhile stays for the next pass. A key
/// whose counters sum to zero keeps its (zero) row, as the upsert left it.
pub async fn compact_day_rows(conn: &mut AsyncPgConnection, keys: i64) -> QueryResult<usize> {
    diesel::sql_query(compact_day_rows_sql())
        .bind::<BigInt, _>(keys)
        .execute(conn)
        .await
}

/// The statement of [`compact_day_rows`] (its counters from [`DIRECT`] and the facts').
fn compact_day_rows_sql() -> String {
    let columns: Vec<&str> = counter_columns().collect();
    let names = columns.join(", ");
    let gone = columns
        .iter()
        .map(|c| format!("r.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sums = columns
        .iter()
        .map(|c| format!("SUM({c})::bigint"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "WITH keys AS MATERIALIZED (
             SELECT DISTINCT {KEY} FROM outbound_day WHERE delta LIMIT $1
         ), gone AS (
             DELETE FROM outbound_day r USING keys k
             WHERE r.day = k.day AND r.site = k.site AND r.program = k.program
               AND r.team_id IS NOT DISTINCT FROM k.team_id AND r.agent_id = k.agent_id
               AND r.work_order_id = k.work_order_id
             RETURNING r.day, r.site, r.program, r.team_id, r.agent_id, r.work_order_id, {gone}
         )
         INSERT INTO outbound_day ({KEY}, {names}, delta)
         SELECT {KEY}, {sums}, false FROM gone
         GROUP BY {KEY}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compaction_sums_every_counter_once_into_a_compacted_row() {
        let sql = compact_day_rows_sql();
        for c in counter_columns() {
            assert_eq!(sql.matches(&format!("SUM({c})::bigint")).count(), 1, "{c}");
        }
        assert_eq!(COUNTERS, 17);
        assert!(sql.contains("r.team_id IS NOT DISTINCT FROM k.team_id"));
        assert!(sql.contains(", false FROM gone"));
    }
}
