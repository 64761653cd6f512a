//! The monthly evaluation for incentives (manual §4.1.5).
//!
//! - [`sweep`]: on the first WIB day after a month (by the configured clock), every
//!   agent's month is computed once (`hr.evaluation.computed`); it runs in the
//!   background ([`Sweep`]) and before every read, and is idempotent.
//! - [`apply_verdict`]: quality's verdicts land in hr's copy (highest revision wins). A
//!   correction of a month not yet approved recomputes it (back to computed); of an
//!   approved or locked month, it lands on a later open month as an adjustment
//!   (`hr.evaluation.adjusted`).
//! - [`take_step`]: review, approve (`hr.evaluation.approved`), lock
//!   (`hr.evaluation.locked`).
//! - [`set_table`]: a manager's new version of a program's incentive table.

use chrono::{DateTime, NaiveDate, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_contracts::hr_evaluation::{
    EvaluationAdjusted, EvaluationApproved, EvaluationComputed, EvaluationLocked,
};
use tam_kernel::time::wib_date;
use tam_kernel::Program;
use uuid::Uuid;

use super::{Hr, Request};
use crate::domain::evaluation::{
    adjustment_delta, check_status, check_step, last_day, month_of, next_month, quality_score,
    Evaluation, Status, Step,
};
use crate::domain::incentive::{self, Figures, IncentiveTable, PembinaanRule, Tier};
use crate::domain::scope::scope_of;
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::events;
use crate::store::evaluations::{self as store, Adjustment, Agent, VerdictRow};
use crate::store::{attendance, pembinaan};

/// How often the background sweep looks at the clock, by default
/// (`TAM_EVALUATION_SWEEP_SECS`).
pub const SWEEP_POLL: std::time::Duration = std::time::Duration::from_secs(60);

/// The month a sweep on `today` computes: the one before today's.
pub fn month_to_compute(today: NaiveDate) -> NaiveDate {
    month_of(month_of(today).pred_opt().unwrap_or(today))
}

/// `agent`'s `month` evaluated afresh (status computed) at `now`.
async fn evaluate(
    conn: &mut AsyncPgConnection,
    agent: &Agent,
    month: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Evaluation> {
    let (valid, total) = store::verdict_counts(conn, agent.id, month).await?;
    let end = last_day(month);
    let presence = attendance::summary(conn, agent.id, month, end).await?;
    let letters = pembinaan::letters_in_force(conn, agent.id, end).await?;
    let in_pembinaan = pembinaan::in_pembinaan(conn, agent.id, end).await?;
    let adjustment: i32 = store::adjustments_to(conn, agent.id, month)
        .await?
        .iter()
        .map(|a| a.delta)
        .sum();
    let table = store::current_table(conn, agent.program).await?;
    let score = quality_score(valid, total);
    let outcome = incentive::evaluate(
        table.as_ref(),
        &Figures {
            validated_sales: i64::from(valid) + i64::from(adjustment),
            score,
            late_days: presence.late_arrivals,
            rostered_days: presence.rostered_days,
            present_days: presence.days_present,
            in_pembinaan,
        },
    );
    Ok(Evaluation {
        id: tam_kernel::new_id(),
        employee_id: agent.id,
        month,
        site: agent.site,
        program: agent.program,
        team_id: agent.team_id,
        validated_sales: valid,
        adjustment,
        agree_total: total,
        quality_score: score,
        rostered_days: presence.rostered_days,
        present_days: presence.days_present,
        late_days: presence.late_arrivals,
        letters_in_force: u32::try_from(letters.len()).unwrap_or(u32::MAX),
        in_pembinaan,
        table_version: table.map(|t| t.version),
        tier: outcome.tier,
        tier_reason: outcome.reason,
        status: Status::Computed,
        computed_at: now,
        reviewed_by: None,
        reviewed_at: None,
        approved_by: None,
        approved_at: None,
        locked_by: None,
        locked_at: None,
    })
}

fn computed(e: &Evaluation) -> EvaluationComputed {
    EvaluationComputed {
        evaluation_id: e.id,
        employee_id: e.employee_id,
        month: e.month,
        site: e.site,
        program: e.program,
        validated_sales: e.validated_sales,
        adjustment: e.adjustment,
        quality_score: e.quality_score,
        late_days: e.late_days,
        in_pembinaan: e.in_pembinaan,
        tier: e.tier.clone(),
    }
}

/// Computes the month before `now`'s (WIB) for every agent, once: a second sweep of the
/// same month does nothing. Returns how many evaluations it wrote.
pub async fn sweep(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    correlation: Option<&str>,
) -> Result<u32> {
    let month = month_to_compute(wib_date(now));
    store::lock_sweep(conn).await?;
    if !store::mark_month(conn, month, now).await? {
        return Ok(0);
    }
    let mut written = 0;
    for agent in store::agents_of(conn, month).await? {
        let e = evaluate(conn, &agent, month, now).await?;
        if let Some(e) = store::insert(conn, &e).await? {
            events::PRODUCER
                .publish(conn, Some(e.site), correlation, &computed(&e))
                .await?;
            written += 1;
        }
    }
    Ok(written)
}

async fn sweep_now(hr: &Hr, correlation: Option<&str>) -> Result<u32> {
    let now = hr.clock.now();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move { sweep(conn, now, correlation).await }.scope_boxed()
    })
    .await
}

/// The sweep as background work: every `interval` on the configured clock.
pub struct Sweep {
    pub pool: tam_db::DbPool,
    pub clock: tam_kernel::Clock,
    pub interval: std::time::Duration,
}

impl Sweep {
    /// One sweep; how many evaluations it wrote.
    pub async fn once(&self) -> Result<u32> {
        let now = self.clock.now();
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(|conn| {
            async move { sweep(conn, now, None).await }.scope_boxed()
        })
        .await
    }

    /// Sweeps, waits, again, until `shutdown`; a failed sweep is logged and retried.
    pub async fn run(self, shutdown: tokio_util::sync::CancellationToken) {
        loop {
            if let Err(e) = self.once().await {
                tracing::warn!(error = %e, "the monthly evaluation sweep failed");
            }
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(self.interval) => {}
            }
        }
    }
}

/// Applies one verdict revision (from `quality.call.validated`) at `now`: an older or
/// equal revision than the one kept changes nothing. See the module's doc for what a
/// newer one does to evaluations.
pub async fn apply_verdict(
    conn: &mut AsyncPgConnection,
    mut verdict: VerdictRow,
    now: DateTime<Utc>,
    correlation: Option<&str>,
) -> Result<()> {
    let before = store::verdict_for_update(conn, verdict.call_id).await?;
    if let Some(before) = &before {
        if before.revision >= verdict.revision {
            return Ok(());
        }
        // The call counts in the month of its first verdict.
        verdict.month = before.month.min(verdict.month);
    }
    store::put_verdict(conn, &verdict).await?;
    let Some(evaluation) =
        store::of_month_for_update(conn, verdict.agent_id, verdict.month).await?
    else {
        // The month is not computed yet: the sweep will count the verdict.
        return Ok(());
    };
    if evaluation.status.is_final() {
        let was_valid = before.as_ref().is_some_and(VerdictRow::is_valid);
        let delta = adjustment_delta(was_valid, verdict.is_valid());
        if delta == 0 {
            return Ok(());
        }
        let to_month = next_month(verdict.month).max(month_of(wib_date(now)));
        let adjustment = Adjustment {
            id: tam_kernel::new_id(),
            call_id: verdict.call_id,
            employee_id: verdict.agent_id,
            from_month: verdict.month,
            to_month,
            delta,
            revision: verdict.revision,
            created_at: now,
        };
        if store::insert_adjustment(conn, &adjustment).await? {
            events::PRODUCER
                .publish(
                    conn,
                    Some(evaluation.site),
                    correlation,
                    &EvaluationAdjusted {
                        adjustment_id: adjustment.id,
                        employee_id: adjustment.employee_id,
                        call_id: adjustment.call_id,
                        from_month: adjustment.from_month,
                        to_month: adjustment.to_month,
                        delta,
                        revision: u32::try_from(verdict.revision).unwrap_or(0),
                    },
                )
                .await?;
        }
        return Ok(());
    }
    // Not approved yet: recompute it in place; a reviewed one is reviewed again.
    let agent = store::agent(conn, verdict.agent_id)
        .await?
        .unwrap_or(Agent {
            id: evaluation.employee_id,
            site: evaluation.site,
            program: evaluation.program,
            team_id: evaluation.team_id,
        });
    let mut fresh = evaluate(conn, &agent, evaluation.month, now).await?;
    fresh.id = evaluation.id;
    let fresh = store::update(conn, &fresh).await?;
    events::PRODUCER
        .publish(conn, Some(fresh.site), correlation, &computed(&fresh))
        .await?;
    Ok(())
}

/// The evaluations the caller sees (the month before today's is computed first).
pub async fn list(
    hr: &Hr,
    request: &Request,
    month: Option<NaiveDate>,
    site: Option<tam_kernel::Site>,
    employee: Option<Uuid>,
    status: Option<Status>,
) -> Result<Vec<Evaluation>> {
    sweep_now(hr, request.correlation_id()).await?;
    let mut conn = hr.pool.get().await?;
    store::list(
        &mut conn,
        scope_of(&request.actor),
        month,
        site,
        employee,
        status,
    )
    .await
}

/// The adjustments landing on `employee`'s `month`, if the caller sees the employee
/// (else none).
pub async fn adjustments(
    hr: &Hr,
    request: &Request,
    employee: Uuid,
    month: NaiveDate,
) -> Result<Vec<Adjustment>> {
    let mut conn = hr.pool.get().await?;
    if !store::sees_employee(&mut conn, scope_of(&request.actor), employee).await? {
        return Ok(Vec::new());
    }
    store::adjustments_to(&mut conn, employee, month).await
}

/// Takes `step` on the evaluation `id` (in the caller's scope, else 404): who may is
/// [`check_step`]'s, in which order [`check_status`]'s (a locked one never changes).
pub async fn take_step(hr: &Hr, request: &Request, id: Uuid, step: Step) -> Result<Evaluation> {
    let actor = request.actor;
    let correlation = request.correlation_id();
    let now = hr.clock.now();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let mut e = store::find_for_update(conn, scope_of(&actor), id)
                .await?
                .ok_or(Error::NotFound("evaluation"))?;
            let leads = store::leads(conn, actor.id, e.team_id).await?;
            check_step(&actor, &e, step, leads)?;
            check_status(&e, step)?;
            let (_, to) = step.moves();
            e.status = to;
            match step {
                Step::Review => {
                    e.reviewed_by = Some(actor.id);
                    e.reviewed_at = Some(now);
                }
                Step::Approve => {
                    e.approved_by = Some(actor.id);
                    e.approved_at = Some(now);
                }
                Step::Lock => {
                    e.locked_by = Some(actor.id);
                    e.locked_at = Some(now);
                }
            }
            let e = store::update(conn, &e).await?;
            match step {
                Step::Review => {}
                Step::Approve => {
                    events::PRODUCER
                        .publish(
                            conn,
                            Some(e.site),
                            correlation,
                            &EvaluationApproved {
                                evaluation_id: e.id,
                                employee_id: e.employee_id,
                                month: e.month,
                                site: e.site,
                                tier: e.tier.clone(),
                                approved_by: actor.id,
                                approved_at: now,
                            },
                        )
                        .await?;
                }
                Step::Lock => {
                    events::PRODUCER
                        .publish(
                            conn,
                            Some(e.site),
                            correlation,
                            &EvaluationLocked {
                                evaluation_id: e.id,
                                employee_id: e.employee_id,
                                month: e.month,
                                site: e.site,
                                locked_by: actor.id,
                                locked_at: now,
                            },
                        )
                        .await?;
                }
            }
            Ok(e)
        }
        .scope_boxed()
    })
    .await
}

/// A row of the payroll export: the evaluation and the agent's NIK and name.
pub struct ExportRow {
    pub evaluation: Evaluation,
    pub nik: String,
    pub full_name: String,
}

/// The evaluations of `site`'s `month` for payroll: every one must be approved or
/// locked (422 `month-not-approved` naming how many are not, or that there are none).
pub async fn export(
    hr: &Hr,
    request: &Request,
    month: NaiveDate,
    site: tam_kernel::Site,
) -> Result<Vec<ExportRow>> {
    sweep_now(hr, request.correlation_id()).await?;
    let mut conn = hr.pool.get().await?;
    let all = store::list(
        &mut conn,
        scope_of(&request.actor),
        Some(month),
        Some(site),
        None,
        None,
    )
    .await?;
    let open = all.iter().filter(|e| !e.status.is_final()).count();
    if all.is_empty() || open > 0 {
        return Err(Rejection::rule(
            rules::MONTH_NOT_APPROVED,
            if all.is_empty() {
                format!(
                    "month: {} of {site} has no evaluations to export",
                    month.format("%Y-%m")
                )
            } else {
                format!(
                    "month: {open} of the {} evaluations of {} at {site} are not approved yet",
                    all.len(),
                    month.format("%Y-%m")
                )
            },
        )
        .into());
    }
    let ids: Vec<Uuid> = all.iter().map(|e| e.employee_id).collect();
    let names: std::collections::HashMap<Uuid, (String, String)> = store::names(&mut conn, &ids)
        .await?
        .into_iter()
        .map(|(id, nik, name)| (id, (nik, name)))
        .collect();
    Ok(all
        .into_iter()
        .map(|evaluation| {
            let (nik, full_name) = names
                .get(&evaluation.employee_id)
                .cloned()
                .unwrap_or_default();
            ExportRow {
                evaluation,
                nik,
                full_name,
            }
        })
        .collect())
}

/// Writes a new version of `program`'s incentive table (checked by
/// [`incentive::check`]); later computations use it, computed months keep theirs.
pub async fn set_table(
    hr: &Hr,
    request: &Request,
    program: Program,
    tiers: Vec<Tier>,
    pembinaan: PembinaanRule,
) -> Result<IncentiveTable> {
    incentive::check(&tiers, &pembinaan)?;
    let actor = request.actor;
    let now = hr.clock.now();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move { store::insert_table(conn, program, &tiers, &pembinaan, actor.id, now).await }
            .scope_boxed()
    })
    .await
}

/// The current incentive table of `program` (404 when it has none).
pub async fn table(hr: &Hr, program: Program) -> Result<IncentiveTable> {
    let mut conn = hr.pool.get().await?;
    store::current_table(&mut conn, program)
        .await?
        .ok_or(Error::NotFound("incentive table"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_sweep_computes_the_month_before_today() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(month_to_compute(d(2026, 12, 1)), d(2026, 11, 1));
        assert_eq!(month_to_compute(d(2026, 12, 31)), d(2026, 11, 1));
        assert_eq!(month_to_compute(d(2027, 1, 1)), d(2026, 12, 1));
    }
}
