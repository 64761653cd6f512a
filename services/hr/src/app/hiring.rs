//! Hiring an applicant: in ONE transaction, the employee (through hr's create path, with
//! a one-time activation code), their first employment contract, for an agent the
//! enrollment in the next initial training class, the hire marked on the requisition,
//! the applicant moved to `hired`, and the events.

use chrono::NaiveDate;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_kernel::{FieldError, Role};
use uuid::Uuid;

use super::applicants::{verdict, ApplicantRecord};
use super::employees::{create_in, Hired};
use super::{Hr, Request};
use crate::domain::applicant_stage::{check_hire_stage, Stage};
use crate::domain::contracts::{Contract, ContractKind, ContractTerms};
use crate::domain::employee::{Assignment, FullName, NewEmployee, Nik, Username};
use crate::domain::requisition::{Requisition, RequisitionStatus};
use crate::domain::scope::{scope_of, Scope};
use crate::domain::{rules, Rejection};
use crate::error::{Error, Own, Result};
use crate::events;
use crate::store::{applicants, contracts, requisitions, training};

/// What the recruiter decides at hiring.
#[derive(Debug, Clone)]
pub struct HireTerms {
    pub username: Username,
    /// The employee number; the applicant's NIK when absent.
    pub nik: Option<Nik>,
    pub hire_date: NaiveDate,
    pub contract_kind: ContractKind,
    pub contract_ends_on: Option<NaiveDate>,
    /// Agents: their team (of the requisition's site and program).
    pub team_id: Option<Uuid>,
}

/// What hiring made.
#[derive(Debug, Clone)]
pub struct HireOutcome {
    pub applicant: ApplicantRecord,
    pub hired: Hired,
    pub contract: Contract,
    /// The agent's initial training class; `None`: awaiting a class (or not an agent).
    pub training_class_id: Option<Uuid>,
    pub requisition: Requisition,
}

/// Hires the applicant: 404 outside the caller's scope, 409 when already hired, 422
/// when not at the offer, when the requisition is not open, or with every failing rule
/// when ineligible; otherwise everything in one transaction.
pub async fn hire(hr: &Hr, request: &Request, id: Uuid, terms: HireTerms) -> Result<HireOutcome> {
    let terms_checked =
        ContractTerms::new(terms.contract_kind, terms.hire_date, terms.contract_ends_on).map_err(
            |e| {
                // A rule across fields (kind and end), not a malformed field: 422.
                Rejection::rule(
                    crate::domain::rules::INVALID_CONTRACT_TERMS,
                    format!("{}: {}", e.field, e.reason),
                )
            },
        )?;
    let now = hr.clock.now();
    let scope = scope_of(&request.actor);
    let actor = request.actor.id;
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let applicant = applicants::find_for_update(conn, scope, id)
                .await?
                .ok_or(Error::NotFound("applicant"))?;
            if let Some(employee_id) = applicant.hired_employee_id {
                return Err(Rejection::Conflict(format!(
                    "the applicant is already hired (employee {employee_id})"
                ))
                .into());
            }
            if let Some(employee_id) = applicant.employee_id {
                return Err(Rejection::rule(
                    rules::INTERNAL_CANDIDATE,
                    format!(
                        "the applicant is employee {employee_id}: promote them with PATCH /api/v1/hr/employees/{employee_id}"
                    ),
                )
                .into());
            }
            let requisition = requisitions::find_for_update(conn, Scope::All, applicant.requisition_id)
                .await?
                .ok_or(Error::NotFound("requisition"))?;
            if requisition.status != RequisitionStatus::Open {
                return Err(Rejection::rule(
                    rules::REQUISITION_NOT_OPEN,
                    format!("requisition {} is {}", requisition.id, requisition.status),
                )
                .into());
            }
            let role = requisition.role;
            check_hire_stage(role, applicant.stage)?;
            let judged = verdict(conn, &applicant, role, terms.hire_date).await?;
            if !judged.eligible() {
                let failures = judged
                    .failures
                    .iter()
                    .map(|c| {
                        FieldError::new(
                            c.rule.requirement.field(),
                            format!(
                                "rule {} ({}): {}",
                                c.rule.id,
                                c.rule.requirement.describe(),
                                c.value
                            ),
                        )
                    })
                    .collect();
                return Err(Own::Ineligible(failures).into());
            }
            let nik = match terms.nik {
                Some(nik) => nik,
                None => Nik::parse(&applicant.nik).map_err(|e| anyhow::anyhow!(e))?,
            };
            let new = NewEmployee {
                nik,
                full_name: FullName::parse(&applicant.full_name).map_err(|e| anyhow::anyhow!(e))?,
                username: terms.username,
                assignment: Assignment {
                    role,
                    site: requisition.site,
                    program: requisition.program,
                    team_id: terms.team_id,
                },
                birth_date: applicant.birth_date,
                education_level: applicant.education_level,
                education_field: applicant.education_field.clone(),
                hire_date: terms.hire_date,
            };
            let hired = create_in(hr, conn, request, new).await?;
            let employee = &hired.employee;
            let contract =
                contracts::insert(conn, employee.id, Some(applicant.id), &terms_checked, actor).await?;
            let training_class_id = match (role, employee.site, employee.program) {
                (Role::Agent, Some(site), Some(program)) => {
                    training::enroll_in_next_initial_class(
                        conn,
                        employee.id,
                        site,
                        program,
                        terms.hire_date,
                    )
                    .await?
                }
                _ => None,
            };
            let requisition = requisitions::record_hire(conn, &requisition, employee.id).await?;
            applicants::move_stage(conn, id, Stage::Hired, None, Some(employee.id), actor, now)
                .await?;
            events::PRODUCER
                .publish(
                    conn,
                    employee.site,
                    request.correlation_id(),
                    &events::ApplicantHired {
                        applicant_id: applicant.id,
                        employee_id: employee.id,
                        requisition_id: requisition.id,
                        role,
                        site: employee.site,
                        program: employee.program,
                        hire_date: terms.hire_date,
                        contract_id: contract.id,
                        contract_kind: contract.terms.kind.as_str().to_owned(),
                        contract_ends_on: contract.terms.ends_on,
                        training_class_id,
                    },
                )
                .await?;
            let applicant = applicants::find(conn, Scope::All, id)
                .await?
                .ok_or(Error::NotFound("applicant"))?;
            let history = applicants::history(conn, id).await?;
            Ok(HireOutcome {
                applicant: ApplicantRecord {
                    applicant,
                    history,
                    now,
                },
                hired,
                contract,
                training_class_id,
                requisition,
            })
        }
        .scope_boxed()
    })
    .await
}
