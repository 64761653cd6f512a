//! Call rows. Every read takes the caller's [`Scope`] and filters by it in SQL.

use chrono::{DateTime, Utc};
use diesel::dsl::{sql, And, IsNull};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit, Outcome};
use uuid::Uuid;

use super::recordings;
use super::schema::calls;
use super::{decode, int, uint};
use crate::domain::call::{
    Abandonment, Call, CallResult, CallState, CallStatus, Claim, Completion,
};
use crate::domain::scope::Scope;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = calls, check_for_backend(Pg))]
struct CallRow {
    id: Uuid,
    claim_id: Uuid,
    prospect_id: Uuid,
    work_order_id: Uuid,
    wo_code: String,
    agent_id: Uuid,
    team_id: Option<Uuid>,
    site: String,
    program: String,
    offers: serde_json::Value,
    attempt: i32,
    masking_number: String,
    started_at: DateTime<Utc>,
    outcome: Option<String>,
    product_code: Option<String>,
    negotiation_step: Option<i32>,
    follow_up_at: Option<DateTime<Utc>>,
    notes: Option<String>,
    ended_at: Option<DateTime<Utc>>,
    duration_seconds: Option<i32>,
    abandoned_at: Option<DateTime<Utc>>,
    abandoned_by: Option<Uuid>,
    abandon_reason: Option<String>,
}

impl TryFrom<CallRow> for Call {
    type Error = anyhow::Error;

    /// The row as a call without its recording (see [`find`]); the state columns must
    /// say one thing (the table's checks ensure it).
    fn try_from(r: CallRow) -> anyhow::Result<Self> {
        let abandonment = match (r.abandoned_at, r.abandoned_by, r.abandon_reason) {
            (None, None, None) => None,
            (Some(at), Some(by), Some(reason)) => Some(Abandonment { at, by, reason }),
            _ => anyhow::bail!("calls.abandon* of {} are set in part", r.id),
        };
        let state = match (
            r.outcome.as_deref(),
            r.ended_at,
            r.duration_seconds,
            abandonment,
        ) {
            (None, None, None, None) => CallState::Open,
            (None, None, None, Some(abandonment)) => CallState::Abandoned(abandonment),
            (Some(outcome), Some(ended_at), Some(duration), None) => {
                CallState::Completed(Completion {
                    result: CallResult {
                        outcome: decode::<Outcome>("calls.outcome", outcome)?,
                        product_code: r.product_code,
                        negotiation_step: r
                            .negotiation_step
                            .map(|s| uint("calls.negotiation_step", s))
                            .transpose()?,
                        follow_up_at: r.follow_up_at,
                        notes: r.notes,
                    },
                    ended_at,
                    duration_seconds: uint("calls.duration_seconds", duration)?,
                })
            }
            _ => anyhow::bail!(
                "calls.outcome, ended_at, duration_seconds and abandon* of {} disagree",
                r.id
            ),
        };
        Ok(Call {
            id: r.id,
            claim_id: r.claim_id,
            prospect_id: r.prospect_id,
            work_order_id: r.work_order_id,
            wo_code: r.wo_code,
            agent_id: r.agent_id,
            team_id: r.team_id,
            site: decode("calls.site", &r.site)?,
            program: decode("calls.program", &r.program)?,
            offers: r.offers,
            attempt: uint("calls.attempt", r.attempt)?,
            masking_number: r.masking_number,
            started_at: r.started_at,
            state,
            recording: None,
        })
    }
}

type Condition = Box<dyn BoxableExpression<calls::table, Pg, SqlType = Nullable<Bool>>>;

/// The calls `scope` reaches (the same rule as [`Scope::covers`]).
pub fn in_scope(scope: Scope) -> Condition {
    match scope {
        Scope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        Scope::Site(site) => Box::new(calls::site.eq(site.as_str()).nullable()),
        Scope::Team { site, team } => Box::new(
            calls::site
                .eq(site.as_str())
                .nullable()
                .and(calls::team_id.eq(team)),
        ),
        Scope::Own(agent) => Box::new(calls::agent_id.eq(agent).nullable()),
        Scope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// Inserts a call on `claim`. A second call on the claim is `calls_one_per_claim`, a
/// second open call on the prospect `calls_one_open_per_prospect` (both 409).
pub async fn insert(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    claim: &Claim,
    masking_number: &str,
    started_at: DateTime<Utc>,
) -> crate::Result<Call> {
    let row: CallRow = diesel::insert_into(calls::table)
        .values((
            calls::id.eq(id),
            calls::claim_id.eq(claim.claim_id),
            calls::prospect_id.eq(claim.prospect_id),
            calls::work_order_id.eq(claim.work_order_id),
            calls::wo_code.eq(&claim.wo_code),
            calls::agent_id.eq(claim.agent_id),
            calls::team_id.eq(claim.team_id),
            calls::site.eq(claim.site.as_str()),
            calls::program.eq(claim.program.as_str()),
            calls::offers.eq(&claim.offers),
            calls::attempt.eq(int(claim.attempt)),
            calls::masking_number.eq(masking_number),
            calls::started_at.eq(started_at),
        ))
        .returning(CallRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// Whether a call was already made on claim `claim_id` (a claim is one attempt).
pub async fn made_on_claim(conn: &mut AsyncPgConnection, claim_id: Uuid) -> crate::Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        calls::table.filter(calls::claim_id.eq(claim_id)),
    ))
    .get_result(conn)
    .await?)
}

/// The call `id` with its recording, if `scope` reaches it; `lock` takes the call row
/// `FOR UPDATE` (the recording is read under that lock: attaching one locks it too).
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
    lock: bool,
) -> crate::Result<Option<Call>> {
    let query = calls::table
        .filter(calls::id.eq(id))
        .filter(in_scope(scope))
        .select(CallRow::as_select());
    let row: Option<CallRow> = if lock {
        query.for_update().first(conn).await.optional()?
    } else {
        query.first(conn).await.optional()?
    };
    let Some(row) = row else {
        return Ok(None);
    };
    let mut call = Call::try_from(row)?;
    call.recording = recordings::of_calls(conn, &[id]).await?.remove(&id);
    Ok(Some(call))
}

/// The open calls (no result, not abandoned): what `calls_one_open_per_prospect` counts.
fn is_open() -> And<IsNull<calls::outcome>, IsNull<calls::abandoned_at>> {
    calls::outcome.is_null().and(calls::abandoned_at.is_null())
}

/// Writes the result of open call `id` (the caller holds its row lock and changes its
/// own copy: nothing is read back).
pub async fn set_result(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    done: &Completion,
) -> crate::Result<()> {
    let result = &done.result;
    let updated = diesel::update(calls::table.filter(calls::id.eq(id)).filter(is_open()))
        .set((
            calls::outcome.eq(result.outcome.as_str()),
            calls::product_code.eq(&result.product_code),
            calls::negotiation_step.eq(result.negotiation_step.map(int)),
            calls::follow_up_at.eq(result.follow_up_at),
            calls::notes.eq(&result.notes),
            calls::ended_at.eq(done.ended_at),
            calls::duration_seconds.eq(int(done.duration_seconds)),
        ))
        .execute(conn)
        .await?;
    one_open(id, updated)
}

/// Closes open call `id` without a result (under the caller's row lock, like
/// [`set_result`]).
pub async fn abandon(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    abandonment: &Abandonment,
) -> crate::Result<()> {
    let updated = diesel::update(calls::table.filter(calls::id.eq(id)).filter(is_open()))
        .set((
            calls::abandoned_at.eq(abandonment.at),
            calls::abandoned_by.eq(abandonment.by),
            calls::abandon_reason.eq(&abandonment.reason),
        ))
        .execute(conn)
        .await?;
    one_open(id, updated)
}

/// A write to an open call locked and checked open must have found it.
fn one_open(id: Uuid, updated: usize) -> crate::Result<()> {
    if updated == 1 {
        Ok(())
    } else {
        Err(anyhow::anyhow!("open call {id} was not open when written ({updated} rows)").into())
    }
}

/// What the call list filters on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallFilter {
    /// Started within `[from, to)` (a WIB day).
    pub started: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Open, completed or abandoned calls.
    pub status: Option<CallStatus>,
    /// Calls with this outcome.
    pub outcome: Option<Outcome>,
    pub work_order_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
}

/// One page of the calls `scope` reaches with their recordings, newest first
/// ((started_at, id) descending), after `after`.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    filter: CallFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<Call>> {
    let mut query = calls::table
        .filter(in_scope(scope))
        .select(CallRow::as_select())
        .into_boxed();
    if let Some((from, to)) = filter.started {
        query = query.filter(calls::started_at.ge(from).and(calls::started_at.lt(to)));
    }
    match filter.status {
        None => {}
        Some(CallStatus::Open) => query = query.filter(is_open()),
        Some(CallStatus::Completed) => query = query.filter(calls::outcome.is_not_null()),
        Some(CallStatus::Abandoned) => query = query.filter(calls::abandoned_at.is_not_null()),
    }
    if let Some(outcome) = filter.outcome {
        query = query.filter(calls::outcome.eq(outcome.as_str()));
    }
    if let Some(work_order) = filter.work_order_id {
        query = query.filter(calls::work_order_id.eq(work_order));
    }
    if let Some(agent) = filter.agent_id {
        query = query.filter(calls::agent_id.eq(agent));
    }
    if let Some(cursor) = after {
        query = query.filter(
            calls::started_at
                .lt(cursor.at)
                .or(calls::started_at.eq(cursor.at).and(calls::id.lt(cursor.id))),
        );
    }
    let rows: Vec<CallRow> = query
        .order((calls::started_at.desc(), calls::id.desc()))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    let mut calls: Vec<Call> = rows
        .into_iter()
        .map(Call::try_from)
        .collect::<anyhow::Result<_>>()?;
    let ids: Vec<Uuid> = calls.iter().map(|call| call.id).collect();
    let mut found = recordings::of_calls(conn, &ids).await?;
    for call in &mut calls {
        call.recording = found.remove(&call.id);
    }
    Ok(calls)
}
