//! Applicants: recording them, their test results, their moves through the pipeline,
//! and the eligibility verdict of §2.1's rule table.

use chrono::{DateTime, NaiveDate, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_kernel::{wib_date, Role};
use uuid::Uuid;

use super::{Hr, Request};
use crate::domain::applicant::{
    check_birth_date, Applicant, ExperienceRole, NewApplicant, TestResult,
};
use crate::domain::applicant_stage::{check_move, Stage};
use crate::domain::eligibility::{self, months_between, Candidate, Verdict};
use crate::domain::requisition::RequisitionStatus;
use crate::domain::scope::{scope_of, Scope};
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::store::applicants::{self, StageEntry};
use crate::store::{employees, pembinaan, requisitions};

/// An applicant and the stages they went through.
#[derive(Debug, Clone)]
pub struct ApplicantRecord {
    pub applicant: Applicant,
    pub history: Vec<StageEntry>,
    /// When the answer was made (the open stage's time runs to it).
    pub now: DateTime<Utc>,
}

/// Records an applicant to an open requisition, at `applied`.
pub async fn create(hr: &Hr, request: &Request, new: NewApplicant) -> Result<ApplicantRecord> {
    let now = hr.clock.now();
    check_birth_date(new.birth_date, wib_date(now))?;
    let scope = scope_of(&request.actor);
    let by = request.actor.id;
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let requisition = requisitions::find(conn, scope, new.requisition_id).await?;
            if requisition.is_none_or(|r| r.status != RequisitionStatus::Open) {
                return Err(Rejection::rule(
                    rules::REQUISITION_NOT_OPEN,
                    format!(
                        "requisition {} is not open (or does not exist)",
                        new.requisition_id
                    ),
                )
                .into());
            }
            if let Some(employee_id) = new.employee_id {
                if employees::find(conn, Scope::All, employee_id)
                    .await?
                    .is_none()
                {
                    return Err(Rejection::rule(
                        rules::EMPLOYEE_NOT_FOUND,
                        format!("there is no employee {employee_id} (employee_id)"),
                    )
                    .into());
                }
            }
            let applicant = applicants::insert(conn, tam_kernel::new_id(), &new, by, now).await?;
            let history = applicants::history(conn, applicant.id).await?;
            Ok(ApplicantRecord {
                applicant,
                history,
                now,
            })
        }
        .scope_boxed()
    })
    .await
}

/// One applicant in the caller's scope, with their stage history.
pub async fn get(hr: &Hr, request: &Request, id: Uuid) -> Result<ApplicantRecord> {
    let mut conn = hr.pool.get().await?;
    let applicant = applicants::find(&mut conn, scope_of(&request.actor), id)
        .await?
        .ok_or(Error::NotFound("applicant"))?;
    let history = applicants::history(&mut conn, id).await?;
    Ok(ApplicantRecord {
        applicant,
        history,
        now: hr.clock.now(),
    })
}

/// A page of the applicants in the caller's scope, oldest first.
pub async fn list(
    hr: &Hr,
    request: &Request,
    filter: applicants::ApplicantFilter,
    after: Option<tam_kernel::Cursor>,
    limit: tam_kernel::Limit,
) -> Result<tam_kernel::Page<ApplicantRecord>> {
    let mut conn = hr.pool.get().await?;
    let rows = applicants::list(&mut conn, scope_of(&request.actor), filter, after, limit).await?;
    let now = hr.clock.now();
    let mut records = Vec::with_capacity(rows.len());
    for applicant in rows {
        let history = applicants::history(&mut conn, applicant.id).await?;
        records.push(ApplicantRecord {
            applicant,
            history,
            now,
        });
    }
    Ok(tam_kernel::Page::from_fetched(records, limit, |r| {
        tam_kernel::Cursor::new(r.applicant.created_at, r.applicant.id)
    }))
}

/// Records a test result (a retake replaces the earlier one).
pub async fn record_test(
    hr: &Hr,
    request: &Request,
    id: Uuid,
    result: TestResult,
) -> Result<ApplicantRecord> {
    let now = hr.clock.now();
    if result.taken_on > wib_date(now) {
        return Err(Rejection::rule(
            crate::domain::rules::TEST_DATE_IN_FUTURE,
            "taken_on: must not be in the future",
        )
        .into());
    }
    let scope = scope_of(&request.actor);
    let by = request.actor.id;
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let applicant = applicants::find_for_update(conn, scope, id)
                .await?
                .ok_or(Error::NotFound("applicant"))?;
            if applicant.stage.is_final() {
                return Err(Rejection::Conflict(format!(
                    "the applicant is {}: their tests are closed",
                    applicant.stage
                ))
                .into());
            }
            applicants::record_test(conn, id, &result, by).await?;
            reread(conn, scope, id, now).await
        }
        .scope_boxed()
    })
    .await
}

async fn reread(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<ApplicantRecord> {
    let applicant = applicants::find(conn, scope, id)
        .await?
        .ok_or(Error::NotFound("applicant"))?;
    let history = applicants::history(conn, id).await?;
    Ok(ApplicantRecord {
        applicant,
        history,
        now,
    })
}

/// Moves an applicant through the pipeline by hand (the role's template; out with a
/// reason).
pub async fn move_stage(
    hr: &Hr,
    request: &Request,
    id: Uuid,
    to: Stage,
    reason: Option<String>,
) -> Result<ApplicantRecord> {
    let now = hr.clock.now();
    let scope = scope_of(&request.actor);
    let by = request.actor.id;
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let applicant = applicants::find_for_update(conn, scope, id)
                .await?
                .ok_or(Error::NotFound("applicant"))?;
            let role = requisitions::find(conn, Scope::All, applicant.requisition_id)
                .await?
                .ok_or(Error::NotFound("requisition"))?
                .role;
            check_move(role, applicant.stage, to, reason.as_deref())?;
            applicants::move_stage(conn, id, to, reason.as_deref(), None, by, now).await?;
            reread(conn, scope, id, now).await
        }
        .scope_boxed()
    })
    .await
}

/// The verdict of §2.1's rules on the applicant for `role` (the requisition's when
/// absent) at `hire_date`.
pub async fn eligibility(
    hr: &Hr,
    request: &Request,
    id: Uuid,
    role: Option<Role>,
    hire_date: NaiveDate,
) -> Result<Verdict> {
    let mut conn = hr.pool.get().await?;
    let applicant = applicants::find(&mut conn, scope_of(&request.actor), id)
        .await?
        .ok_or(Error::NotFound("applicant"))?;
    let role = match role {
        Some(role) => role,
        None => {
            requisitions::find(&mut conn, Scope::All, applicant.requisition_id)
                .await?
                .ok_or(Error::NotFound("requisition"))?
                .role
        }
    };
    verdict(&mut conn, &applicant, role, hire_date).await
}

/// The verdict on `applicant` for `role` at `hire_date`: their experience records plus,
/// for an internal candidate, their time in the suite in their current role, and
/// whether they are in pembinaan then.
pub async fn verdict(
    conn: &mut AsyncPgConnection,
    applicant: &Applicant,
    role: Role,
    hire_date: NaiveDate,
) -> Result<Verdict> {
    if !eligibility::RECRUITED_ROLES.contains(&role) {
        return Err(Rejection::rule(
            rules::NO_HIRING_RULES,
            format!("hr does not recruit role {role}: §2.1 has no requirements for it"),
        )
        .into());
    }
    let mut experience: Vec<(ExperienceRole, u32)> = applicant
        .experiences
        .iter()
        .map(|e| (e.role, e.months))
        .collect();
    let mut in_pembinaan = false;
    if let Some(employee_id) = applicant.employee_id {
        if let Some(employee) = employees::find(conn, Scope::All, employee_id).await? {
            experience.push((
                ExperienceRole::of_role(employee.role),
                months_between(employee.hire_date, hire_date),
            ));
            in_pembinaan = pembinaan::in_pembinaan(conn, employee.id, hire_date).await?;
        }
    }
    let candidate = Candidate {
        birth_date: applicant.birth_date,
        education_level: applicant.education_level,
        education_field: &applicant.education_field,
        experience: &experience,
        tests: &applicant.tests,
        in_pembinaan,
    };
    eligibility::evaluate(&candidate, role, hire_date).ok_or_else(|| {
        Rejection::rule(
            rules::NO_HIRING_RULES,
            format!("no edition of the hiring rules is in effect on {hire_date}"),
        )
        .into()
    })
}
