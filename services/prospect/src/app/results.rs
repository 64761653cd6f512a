//! What calls and quality verdicts do to prospects (applied from calling's and quality's
//! events, inside the inbox transaction of each event).

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use tam_kernel::Outcome;
use uuid::Uuid;

use crate::domain::prospect::{after_call, ProspectStatus};
use crate::domain::scope::Scope;
use crate::error::Result;
use crate::events::{self, SaleReverted, SaleWon};
use crate::store::prospects::{self, AttemptRow, CallMove, ProspectRow, VerdictMove};
use crate::store::work_orders;

/// The sales channel of every sale made here: OBC, the outbound calls of this suite.
pub const OBC: &str = "obc";

/// What the attempt history says of a call closed without a result.
pub const ABANDONED: &str = "abandoned";

/// A call started on a prospect (calling's `calling.call.started`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallStart {
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub agent_id: Uuid,
}

/// A call's result (calling's `calling.call.completed`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallResult {
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub outcome: Outcome,
    pub product_code: Option<String>,
    pub negotiation_step: Option<i32>,
    pub follow_up_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub has_recording: bool,
}

/// A call closed without a result (calling's `calling.call.abandoned`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallAbandonment {
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub agent_id: Uuid,
    pub started_at: DateTime<Utc>,
    pub abandoned_at: DateTime<Utc>,
    pub reason: String,
}

/// What quality found of a tapped AGREE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Returned,
}

/// A verdict on a tapped AGREE (quality's `quality.call.validated`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    pub task_id: Uuid,
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub recommendation: Option<String>,
    pub validated_at: DateTime<Utc>,
    /// 1 for the QCO's verdict, +1 for each correction.
    pub revision: i32,
}

/// A call started: the prospect leaves the claimable set and its lease stops mattering.
/// A start arriving after its own result (events of two types may cross) changes
/// nothing.
pub async fn call_started(conn: &mut AsyncPgConnection, e: &CallStart) -> Result<()> {
    let Some(prospect) = prospects::lock(conn, e.prospect_id).await? else {
        tracing::warn!(prospect = %e.prospect_id, "call started on an unknown prospect");
        return Ok(());
    };
    if prospect.status()?.is_settled() || prospects::attempt_exists(conn, e.call_id).await? {
        return Ok(());
    }
    prospects::mark_in_call(conn, e.prospect_id, e.call_id, e.agent_id).await?;
    Ok(())
}

/// A call closed without a result by the agent's team leader or supervisor: in the
/// attempt history as [`ABANDONED`] with the reason, and the prospect callable again
/// as it was before the call, from when it was closed. It does not count against the
/// attempt limit: nobody knows whether the customer was reached. Arriving before its
/// own start, it still makes the late start change nothing (the call is in the
/// history), and the claim's lease runs out as for a call never started.
pub async fn call_abandoned(conn: &mut AsyncPgConnection, e: &CallAbandonment) -> Result<()> {
    let Some(prospect) = prospects::lock(conn, e.prospect_id).await? else {
        tracing::warn!(prospect = %e.prospect_id, "call abandoned on an unknown prospect");
        return Ok(());
    };
    let fresh = prospects::insert_attempt(
        conn,
        &AttemptRow {
            call_id: e.call_id,
            prospect_id: e.prospect_id,
            agent_id: e.agent_id,
            outcome: ABANDONED.to_owned(),
            product_code: None,
            negotiation_step: None,
            follow_up_at: None,
            notes: Some(e.reason.clone()),
            started_at: e.started_at,
            ended_at: e.abandoned_at,
            has_recording: false,
        },
    )
    .await?;
    if fresh && !prospect.status()?.is_settled() {
        prospects::reopen(conn, e.prospect_id, e.call_id, e.abandoned_at).await?;
    }
    Ok(())
}

/// A call's result: recorded in the attempt history, and the prospect moved by
/// [`after_call`] with the work order's limit and waits. A prospect settled meanwhile
/// (put on the DNC list, its work order closed) keeps its status; the attempt is
/// recorded all the same.
pub async fn call_completed(conn: &mut AsyncPgConnection, e: &CallResult) -> Result<()> {
    let Some(prospect) = prospects::lock(conn, e.prospect_id).await? else {
        tracing::warn!(prospect = %e.prospect_id, "call completed on an unknown prospect");
        return Ok(());
    };
    let fresh = prospects::insert_attempt(
        conn,
        &AttemptRow {
            call_id: e.call_id,
            prospect_id: e.prospect_id,
            agent_id: e.agent_id,
            outcome: e.outcome.as_str().to_owned(),
            product_code: e.product_code.clone(),
            negotiation_step: e.negotiation_step,
            follow_up_at: e.follow_up_at,
            notes: e.notes.clone(),
            started_at: e.started_at,
            ended_at: e.ended_at,
            has_recording: e.has_recording,
        },
    )
    .await?;
    if !fresh || prospect.status()?.is_settled() {
        return Ok(());
    }
    let work_order = work_orders::find(conn, Scope::All, prospect.work_order_id, false)
        .await?
        .ok_or_else(|| anyhow::anyhow!("prospect {} has no work order", prospect.id))?;
    let attempts = prospect.attempts()? + 1;
    let next = after_call(
        e.outcome,
        attempts,
        work_order.terms.max_attempts,
        &work_order.terms.retry_wait_minutes,
        e.ended_at,
        e.follow_up_at,
    );
    let keeps_agent = matches!(e.outcome, Outcome::FollowUp | Outcome::Agree);
    prospects::apply_call(
        conn,
        e.prospect_id,
        &CallMove {
            status: next.status,
            available_at: next.available_at,
            attempts: i32::try_from(attempts).unwrap_or(i32::MAX),
            outcome: e.outcome.as_str().to_owned(),
            call_id: e.call_id,
            owner: keeps_agent.then_some((e.agent_id, e.team_id)),
        },
    )
    .await?;
    Ok(())
}

/// A verdict on a tapped AGREE: VALID wins the prospect; RETURN gives it back to the
/// agent who made the sale, first in their `next`, with the reason. Only verdicts on the
/// prospect's latest call count (an older call's correction changes the score in quality,
/// not a prospect that has moved on), and of those the highest revision wins.
///
/// A prospect becoming won announces the sale with its customer (`prospect.sale.won`);
/// a won prospect a correction returns announces that the sale was taken back
/// (`prospect.sale.reverted`); both in this transaction. A verdict that leaves the
/// prospect as it was (VALID on a won prospect, RETURN on a returned one) announces
/// nothing.
pub async fn call_validated(
    conn: &mut AsyncPgConnection,
    e: &Validation,
    correlation_id: Option<&str>,
) -> Result<()> {
    let Some(prospect) = prospects::lock(conn, e.prospect_id).await? else {
        tracing::warn!(prospect = %e.prospect_id, "verdict on an unknown prospect");
        return Ok(());
    };
    let revision = e.revision;
    let status = prospect.status()?;
    let about_latest_call = prospect.last_call_id == Some(e.call_id);
    let judged = matches!(
        status,
        ProspectStatus::AwaitingValidation | ProspectStatus::Returned | ProspectStatus::Won
    );
    let newer = prospect.validation_task_id != Some(e.task_id)
        || prospect.validation_revision.is_none_or(|r| revision > r);
    if !(about_latest_call && judged && newer) {
        return Ok(());
    }
    let was_won = status == ProspectStatus::Won;
    let (status, reason, recommendation) = match e.verdict {
        Verdict::Valid => (ProspectStatus::Won, None, None),
        Verdict::Returned => (
            ProspectStatus::Returned,
            e.reason.clone(),
            e.recommendation.clone(),
        ),
    };
    prospects::apply_verdict(
        conn,
        e.prospect_id,
        &VerdictMove {
            status,
            task_id: e.task_id,
            revision,
            agent: e.agent_id,
            available_at: e.validated_at,
            reason,
            recommendation,
        },
    )
    .await?;
    match (was_won, e.verdict) {
        (false, Verdict::Valid) => announce_won(conn, &prospect, e, correlation_id).await,
        (true, Verdict::Returned) => announce_reverted(conn, &prospect, e, correlation_id).await,
        _ => Ok(()),
    }
}

/// `prospect.sale.won`: the prospect's customer, its work order, and the product or
/// step of the call's result.
async fn announce_won(
    conn: &mut AsyncPgConnection,
    prospect: &ProspectRow,
    e: &Validation,
    correlation_id: Option<&str>,
) -> Result<()> {
    let site = prospect.site()?;
    let work_order = work_orders::find(conn, Scope::All, prospect.work_order_id, false)
        .await?
        .ok_or_else(|| anyhow::anyhow!("prospect {} has no work order", prospect.id))?;
    let attempt = prospects::attempt(conn, e.call_id).await?;
    let (product_code, negotiation_step) = match attempt {
        Some(a) => (
            a.product_code,
            a.negotiation_step
                .map(|step| {
                    u32::try_from(step)
                        .map_err(|_| anyhow::anyhow!("prospect_attempts.negotiation_step {step}"))
                })
                .transpose()?,
        ),
        None => (None, None),
    };
    let event = SaleWon {
        prospect_id: prospect.id,
        work_order_id: prospect.work_order_id,
        wo_code: work_order.terms.wo_code,
        call_id: e.call_id,
        task_id: e.task_id,
        revision: revision(e.revision)?,
        agent_id: e.agent_id,
        team_id: e.team_id,
        site,
        program: prospect.program()?,
        channel: OBC.to_owned(),
        indihome_number: prospect.indihome_number.clone(),
        customer_name: prospect.customer_name.clone(),
        contact_number: prospect.contact_number.clone(),
        product_code,
        negotiation_step,
        won_at: e.validated_at,
    };
    events::PRODUCER
        .publish(conn, Some(site), correlation_id, &event)
        .await?;
    Ok(())
}

/// `prospect.sale.reverted`: the won sale taken back, with the correction's reason.
async fn announce_reverted(
    conn: &mut AsyncPgConnection,
    prospect: &ProspectRow,
    e: &Validation,
    correlation_id: Option<&str>,
) -> Result<()> {
    let site = prospect.site()?;
    let event = SaleReverted {
        prospect_id: prospect.id,
        work_order_id: prospect.work_order_id,
        call_id: e.call_id,
        task_id: e.task_id,
        revision: revision(e.revision)?,
        agent_id: e.agent_id,
        team_id: e.team_id,
        site,
        program: prospect.program()?,
        indihome_number: prospect.indihome_number.clone(),
        reason: e.reason.clone(),
        reverted_at: e.validated_at,
    };
    events::PRODUCER
        .publish(conn, Some(site), correlation_id, &event)
        .await?;
    Ok(())
}

/// A stored revision (always ≥ 1: it came from a u32) as the contracts carry it.
fn revision(revision: i32) -> Result<u32> {
    Ok(u32::try_from(revision).map_err(|_| anyhow::anyhow!("verdict revision {revision}"))?)
}
