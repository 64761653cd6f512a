//! Employment contracts over time (issue 15, manual §4.1.6): each employee's history,
//! contracts HR adds, the queue of fixed-term contracts ending soon, the extension
//! decision (the site's supervisor_ops proposes, HR confirms and it takes effect) with
//! what it is decided on (evaluations, letters in force, attendance), and the sweep that
//! announces the 60/30/15/7-day thresholds once each and deactivates an employee whose
//! contract was ended, after its end date.

use std::time::Duration as StdDuration;

use chrono::{Days, NaiveDate, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_contracts::hr_contracts::{
    ContractConverted, ContractCreated, ContractEnded, ContractEnding, ContractExtended,
};
use tam_db::DbPool;
use tam_kernel::{wib_date, Clock, Role, Site};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::{Hr, Request};
use crate::domain::attendance::AttendanceSummary;
use crate::domain::contracts::{
    check_fixed_term_limit, first_overlap, successor_terms, threshold_due, Contract,
    ContractDecision, ContractKind, ContractTerms, DecisionOutcome, ENDING_THRESHOLDS,
};
use crate::domain::employee::{Employee, EmployeeStatus};
use crate::domain::pembinaan::LetterInForce;
use crate::domain::scope::{scope_of, Scope};
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::events;
use crate::store::contracts::{self as store, EvaluationLine, Undecided};
use crate::store::{attendance, employees, pembinaan};

/// How far ahead the queue looks, in days (the first threshold).
pub const QUEUE_DAYS: u64 = ENDING_THRESHOLDS[0] as u64;

/// A contract with its decision, if any.
#[derive(Debug, Clone)]
pub struct ContractWithDecision {
    pub contract: Contract,
    pub decision: Option<ContractDecision>,
}

/// The contracts of an employee the caller sees, oldest first, with their decisions.
pub async fn list(
    hr: &Hr,
    request: &Request,
    employee_id: Uuid,
) -> Result<Vec<ContractWithDecision>> {
    let mut conn = hr.pool.get().await?;
    employees::find(&mut conn, scope_of(&request.actor), employee_id)
        .await?
        .ok_or(Error::NotFound("employee"))?;
    let contracts = store::of_employee(&mut conn, employee_id).await?;
    let ids: Vec<Uuid> = contracts.iter().map(|c| c.id).collect();
    let decisions = store::decisions_of(&mut conn, &ids).await?;
    Ok(contracts
        .into_iter()
        .map(|contract| ContractWithDecision {
            decision: decisions
                .iter()
                .find(|d| d.contract_id == contract.id)
                .cloned(),
            contract,
        })
        .collect())
}

/// 409 naming the contract `terms` would overlap, if any.
fn check_no_overlap(terms: &ContractTerms, others: &[Contract]) -> Result<()> {
    if let Some(other) = first_overlap(terms, others) {
        let end = other
            .terms
            .ends_on
            .map_or_else(|| "open-ended".to_owned(), |d| d.to_string());
        return Err(Rejection::Conflict(format!(
            "contract-overlap: the employee's contract {} ({} to {end}) covers part of {} to {}",
            other.id,
            other.terms.starts_on,
            terms.starts_on,
            terms
                .ends_on
                .map_or_else(|| "open-ended".to_owned(), |d| d.to_string()),
        ))
        .into());
    }
    Ok(())
}

/// 422 `fixed-term-limit` when `terms` would take the employee's fixed-term contracts
/// (`others`) beyond `TAM_MAX_FIXED_TERM_MONTHS`.
fn check_limit(hr: &Hr, terms: &ContractTerms, others: &[Contract]) -> Result<()> {
    let history: Vec<ContractTerms> = others.iter().map(|c| c.terms).collect();
    check_fixed_term_limit(&history, terms, hr.max_fixed_term_months)
        .map_err(|detail| Rejection::rule(rules::FIXED_TERM_LIMIT, detail).into())
}

/// The employee `id`, locked, working (not deactivated): 404 when absent, 422
/// `employee-deactivated` when deactivated.
async fn working_employee(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Employee> {
    let employee = employees::find_for_update(conn, Scope::All, id)
        .await?
        .ok_or(Error::NotFound("employee"))?;
    if employee.status == EmployeeStatus::Deactivated {
        return Err(Rejection::rule(
            rules::EMPLOYEE_DEACTIVATED,
            format!("employee {id} is deactivated: their contracts are closed"),
        )
        .into());
    }
    Ok(employee)
}

/// HR adds a contract to an employee (checked under the employee's row lock: 409
/// overlapping another, 422 `fixed-term-limit`); `hr.contract.created`.
pub async fn add(
    hr: &Hr,
    request: &Request,
    employee_id: Uuid,
    terms: ContractTerms,
) -> Result<Contract> {
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let employee = working_employee(conn, employee_id).await?;
            let existing = store::of_employee(conn, employee_id).await?;
            check_no_overlap(&terms, &existing)?;
            check_limit(hr, &terms, &existing)?;
            let contract =
                store::insert_next(conn, employee_id, None, &terms, request.actor.id).await?;
            events::PRODUCER
                .publish(
                    conn,
                    employee.site,
                    request.correlation_id(),
                    &ContractCreated {
                        contract_id: contract.id,
                        employee_id,
                        site: employee.site,
                        kind: contract.terms.kind.as_str().to_owned(),
                        starts_on: contract.terms.starts_on,
                        ends_on: contract.terms.ends_on,
                        created_by: request.actor.id,
                    },
                )
                .await?;
            Ok(contract)
        }
        .scope_boxed()
    })
    .await
}

/// A contract in the queue.
#[derive(Debug, Clone)]
pub struct EndingItem {
    pub undecided: Undecided,
    /// Days from today to its end (negative: already past it, still undecided).
    pub days_left: i64,
    /// The thresholds already announced, largest first.
    pub notices: Vec<u32>,
    /// The proposal awaiting HR, if any.
    pub proposal: Option<ContractDecision>,
}

/// The queue: fixed-term contracts ending within [`QUEUE_DAYS`] days (or past their end)
/// without a confirmed decision, of the caller's site (supervisor_ops) or every site
/// (HR, managers, coordinators, admins), soonest first (at most 500).
pub async fn ending(hr: &Hr, request: &Request) -> Result<(NaiveDate, NaiveDate, Vec<EndingItem>)> {
    let today = wib_date(hr.clock.now());
    let until = today
        .checked_add_days(Days::new(QUEUE_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let site = match scope_of(&request.actor) {
        Scope::All => None,
        Scope::Site(site) => Some(site),
        Scope::LedTeams { .. } | Scope::Own(_) | Scope::Nothing => {
            return Ok((today, until, Vec::new()))
        }
    };
    let mut conn = hr.pool.get().await?;
    let rows = store::undecided_ending(&mut conn, None, until, site, 500).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.contract.id).collect();
    let notices = store::notices_of(&mut conn, &ids).await?;
    let decisions = store::decisions_of(&mut conn, &ids).await?;
    Ok((
        today,
        until,
        rows.into_iter()
            .map(|undecided| {
                let id = undecided.contract.id;
                let days_left = undecided
                    .contract
                    .terms
                    .ends_on
                    .map_or(0, |end| end.signed_duration_since(today).num_days());
                let mut reached: Vec<u32> = notices
                    .iter()
                    .filter(|(c, _)| *c == id)
                    .filter_map(|(_, t)| u32::try_from(*t).ok())
                    .collect();
                reached.sort_unstable_by(|a, b| b.cmp(a));
                EndingItem {
                    days_left,
                    notices: reached,
                    proposal: decisions.iter().find(|d| d.contract_id == id).cloned(),
                    undecided,
                }
            })
            .collect(),
    ))
}

/// What a decision is taken on: the contract, its decision, and the employee's record
/// over the contract's period.
#[derive(Debug, Clone)]
pub struct Review {
    pub contract: Contract,
    pub decision: Option<ContractDecision>,
    pub full_name: String,
    pub site: Option<Site>,
    /// The monthly evaluations of the months of the contract so far.
    pub evaluations: Vec<EvaluationLine>,
    /// The warning letters in force today.
    pub letters_in_force: Vec<LetterInForce>,
    /// The period the attendance covers: the contract's start to yesterday (or its end).
    pub attendance_from: NaiveDate,
    pub attendance_to: NaiveDate,
    pub attendance: Option<AttendanceSummary>,
}

/// The review of contract `id`, for those who see its employee.
pub async fn review(hr: &Hr, request: &Request, id: Uuid) -> Result<Review> {
    let today = wib_date(hr.clock.now());
    let mut conn = hr.pool.get().await?;
    let contract = store::find(&mut conn, id)
        .await?
        .ok_or(Error::NotFound("contract"))?;
    let employee = employees::find(&mut conn, scope_of(&request.actor), contract.employee_id)
        .await?
        .ok_or(Error::NotFound("contract"))?;
    let decision = store::decisions_of(&mut conn, &[id]).await?.pop();
    let from = contract.terms.starts_on;
    let yesterday = today.pred_opt().unwrap_or(today);
    let to = contract
        .terms
        .ends_on
        .map_or(yesterday, |end| end.min(yesterday));
    let evaluations = store::evaluations_between(&mut conn, employee.id, from, to).await?;
    let letters_in_force = pembinaan::letters_in_force(&mut conn, employee.id, today).await?;
    let attendance = if to >= from {
        Some(attendance::summary(&mut conn, employee.id, from, to).await?)
    } else {
        None
    };
    Ok(Review {
        contract,
        decision,
        full_name: employee.full_name,
        site: employee.site,
        evaluations,
        letters_in_force,
        attendance_from: from,
        attendance_to: to,
        attendance,
    })
}

/// A proposal: what to do with a fixed-term contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub outcome: DecisionOutcome,
    pub new_ends_on: Option<NaiveDate>,
    pub note: Option<String>,
}

/// The contract `id` and its employee, locked, if the caller sees the employee.
async fn contract_in_scope(
    conn: &mut AsyncPgConnection,
    request: &Request,
    id: Uuid,
) -> Result<(Contract, Employee)> {
    let contract = store::find_for_update(conn, id)
        .await?
        .ok_or(Error::NotFound("contract"))?;
    let employee = employees::find_for_update(conn, scope_of(&request.actor), contract.employee_id)
        .await?
        .ok_or(Error::NotFound("contract"))?;
    Ok((contract, employee))
}

/// The site's supervisor_ops (or an admin) proposes what to do with a fixed-term
/// contract; a proposal not yet confirmed may be replaced. 409 once confirmed; 422
/// `invalid-decision`, `fixed-term-limit`, `employee-deactivated`.
pub async fn propose(
    hr: &Hr,
    request: &Request,
    id: Uuid,
    proposal: Proposal,
) -> Result<ContractDecision> {
    let now = hr.clock.now();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let (contract, employee) = contract_in_scope(conn, request, id).await?;
            let actor = &request.actor;
            let allowed = actor.role == Role::Admin
                || (actor.role == Role::SupervisorOps
                    && employee.site.is_some()
                    && actor.site == employee.site);
            if !allowed {
                return Err(Rejection::Forbidden(
                    "only the supervisor_ops of the employee's site proposes the decision"
                        .to_owned(),
                )
                .into());
            }
            if employee.status == EmployeeStatus::Deactivated {
                return Err(Rejection::rule(
                    rules::EMPLOYEE_DEACTIVATED,
                    format!("employee {} is deactivated", employee.id),
                )
                .into());
            }
            let existing = store::decision_for_update(conn, id).await?;
            if let Some(confirmed) = existing.as_ref().filter(|d| d.confirmed_at.is_some()) {
                return Err(Rejection::Conflict(format!(
                    "contract {id} was already decided ({}) and confirmed",
                    confirmed.outcome
                ))
                .into());
            }
            let successor =
                successor_terms(&contract.terms, proposal.outcome, proposal.new_ends_on)
                    .map_err(|detail| Rejection::rule(rules::INVALID_DECISION, detail))?;
            if let Some(terms) = &successor {
                let others = store::of_employee(conn, employee.id).await?;
                check_limit(hr, terms, &others)?;
            }
            store::save_decision(
                conn,
                &ContractDecision {
                    contract_id: id,
                    outcome: proposal.outcome,
                    new_ends_on: proposal.new_ends_on,
                    note: proposal.note,
                    proposed_by: actor.id,
                    proposed_at: now,
                    confirmed_by: None,
                    confirmed_at: None,
                    successor_id: None,
                    deactivated_at: None,
                },
            )
            .await
        }
        .scope_boxed()
    })
    .await
}

/// HR (an hr_recruiter or an admin) confirms the proposal on contract `id`, which takes
/// effect: `extend` and `convert` add the successor contract (checked for overlap, 409,
/// and the fixed-term limit, 422) and publish `hr.contract.extended` / `converted`;
/// `end` publishes `hr.contract.ended` and the sweep deactivates the employee after the
/// end date. 409 when nothing is proposed or it is already confirmed.
pub async fn confirm(hr: &Hr, request: &Request, id: Uuid) -> Result<ContractWithDecision> {
    let now = hr.clock.now();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let (contract, employee) = contract_in_scope(conn, request, id).await?;
            if employee.status == EmployeeStatus::Deactivated {
                return Err(Rejection::rule(
                    rules::EMPLOYEE_DEACTIVATED,
                    format!("employee {} is deactivated", employee.id),
                )
                .into());
            }
            let Some(mut decision) = store::decision_for_update(conn, id).await? else {
                return Err(Rejection::Conflict(format!(
                    "nothing is proposed for contract {id}: the site's supervisor_ops proposes first"
                ))
                .into());
            };
            if decision.confirmed_at.is_some() {
                return Err(
                    Rejection::Conflict(format!("contract {id}'s decision is already confirmed"))
                        .into(),
                );
            }
            let successor = successor_terms(&contract.terms, decision.outcome, decision.new_ends_on)
                .map_err(|detail| Rejection::rule(rules::INVALID_DECISION, detail))?;
            let old_end = contract.terms.ends_on.unwrap_or(contract.terms.starts_on);
            let confirmed_by = request.actor.id;
            let site = employee.site;
            let correlation = request.correlation_id();
            if let Some(terms) = successor {
                let others: Vec<Contract> = store::of_employee(conn, employee.id)
                    .await?
                    .into_iter()
                    .filter(|c| c.id != contract.id)
                    .collect();
                check_no_overlap(&terms, &others)?;
                let mut history = others.clone();
                history.push(contract.clone());
                check_limit(hr, &terms, &history)?;
                let next =
                    store::insert_next(conn, employee.id, Some(contract.id), &terms, confirmed_by)
                        .await?;
                decision.successor_id = Some(next.id);
                match (terms.kind, terms.ends_on) {
                    (ContractKind::Pkwt, Some(new_end)) => {
                        events::PRODUCER
                            .publish(
                                conn,
                                site,
                                correlation,
                                &ContractExtended {
                                    contract_id: id,
                                    employee_id: employee.id,
                                    site,
                                    new_contract_id: next.id,
                                    old_ends_on: old_end,
                                    new_ends_on: new_end,
                                    proposed_by: decision.proposed_by,
                                    confirmed_by,
                                    confirmed_at: now,
                                },
                            )
                            .await?;
                    }
                    _ => {
                        events::PRODUCER
                            .publish(
                                conn,
                                site,
                                correlation,
                                &ContractConverted {
                                    contract_id: id,
                                    employee_id: employee.id,
                                    site,
                                    new_contract_id: next.id,
                                    starts_on: next.terms.starts_on,
                                    proposed_by: decision.proposed_by,
                                    confirmed_by,
                                    confirmed_at: now,
                                },
                            )
                            .await?;
                    }
                }
            } else {
                events::PRODUCER
                    .publish(
                        conn,
                        site,
                        correlation,
                        &ContractEnded {
                            contract_id: id,
                            employee_id: employee.id,
                            site,
                            ends_on: old_end,
                            proposed_by: decision.proposed_by,
                            confirmed_by,
                            confirmed_at: now,
                        },
                    )
                    .await?;
            }
            decision.confirmed_by = Some(confirmed_by);
            decision.confirmed_at = Some(now);
            let decision = store::save_decision(conn, &decision).await?;
            Ok(ContractWithDecision {
                contract,
                decision: Some(decision),
            })
        }
        .scope_boxed()
    })
    .await
}

/// The contract sweep on the configured clock: announces each undecided fixed-term
/// contract's threshold once (`contract_notices`' key makes it once across sweeps and
/// replicas) and deactivates, through hr's one deactivation path, the employees whose
/// contract was ended and whose end date passed (rows locked with SKIP LOCKED, so two
/// replicas never take the same one).
#[derive(Clone)]
pub struct ContractSweep {
    pub pool: DbPool,
    pub clock: Clock,
    pub interval: StdDuration,
}

/// Contracts ending within the queue's days looked at per sweep (soonest first).
const NOTICE_BATCH: i64 = 5000;

/// Ended contracts handled per sweep transaction.
const END_BATCH: i64 = 50;

impl ContractSweep {
    /// Announces the thresholds due today; how many notices it wrote.
    pub async fn notify_once(&self) -> Result<usize> {
        let today = wib_date(self.clock.now());
        let until = today
            .checked_add_days(Days::new(QUEUE_DAYS))
            .unwrap_or(NaiveDate::MAX);
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(|conn| {
            async move {
                let rows =
                    store::undecided_ending(conn, Some(today), until, None, NOTICE_BATCH).await?;
                let mut written = 0;
                for row in rows {
                    let Some(ends_on) = row.contract.terms.ends_on else {
                        continue;
                    };
                    let Some(threshold) = threshold_due(ends_on, today) else {
                        continue;
                    };
                    if !store::insert_notice(conn, &row.contract, ends_on, threshold, today).await?
                    {
                        continue;
                    }
                    let days_left = ends_on.signed_duration_since(today).num_days();
                    events::PRODUCER
                        .publish(
                            conn,
                            row.site,
                            None,
                            &ContractEnding {
                                contract_id: row.contract.id,
                                employee_id: row.contract.employee_id,
                                site: row.site,
                                ends_on,
                                threshold_days: threshold,
                                days_left: u32::try_from(days_left).unwrap_or(0),
                            },
                        )
                        .await?;
                    written += 1;
                }
                Ok(written)
            }
            .scope_boxed()
        })
        .await
    }

    /// Deactivates the employees of ended contracts past their end; how many.
    pub async fn end_once(&self) -> Result<usize> {
        let today = wib_date(self.clock.now());
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(|conn| {
            async move {
                let due = store::due_ends(conn, today, END_BATCH).await?;
                let mut done = 0;
                for (contract_id, employee_id, confirmed_by) in due {
                    // Each in a savepoint: one that cannot be deactivated (a team's
                    // leader) is logged and retried, the others go on.
                    let outcome = conn
                        .transaction::<_, Error, _>(|conn| {
                            async move {
                                if let Some(employee) =
                                    employees::find_for_update(conn, Scope::All, employee_id)
                                        .await?
                                {
                                    if employee.status != EmployeeStatus::Deactivated {
                                        super::employees::deactivate_in(
                                            conn,
                                            &employee,
                                            today,
                                            confirmed_by,
                                            None,
                                        )
                                        .await?;
                                    }
                                }
                                store::mark_deactivated(conn, contract_id, Utc::now()).await
                            }
                            .scope_boxed()
                        })
                        .await;
                    match outcome {
                        Ok(()) => done += 1,
                        Err(e) => tracing::warn!(
                            contract = %contract_id,
                            employee = %employee_id,
                            error = %e,
                            "an ended contract's employee could not be deactivated"
                        ),
                    }
                }
                Ok(done)
            }
            .scope_boxed()
        })
        .await
    }

    /// Sweeps, waits the interval, again, until `shutdown` is cancelled; a failed sweep
    /// is logged and retried at the next interval.
    pub async fn run(self, shutdown: CancellationToken) {
        loop {
            if let Err(e) = self.notify_once().await {
                tracing::warn!(error = %e, "the contract ending sweep failed");
            }
            if let Err(e) = self.end_once().await {
                tracing::warn!(error = %e, "the ended contract sweep failed");
            }
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(self.interval) => {}
            }
        }
    }
}
