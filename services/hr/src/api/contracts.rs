//! Employment contracts (issue 15, manual §4.1.6): an employee's contracts
//! (`/api/v1/hr/employees/{id}/contracts`), the queue of fixed-term contracts ending
//! soon, what a decision is taken on, and the decision: the site's supervisor_ops
//! proposes, HR confirms.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{parse_code, parse_date, Problem, Site};
use utoipa::ToSchema;
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::contracts::{self, ContractWithDecision, EndingItem, Proposal, Review};
use crate::app::Hr;
use crate::domain::contracts::{
    Contract, ContractDecision, ContractKind, ContractTerms, DecisionOutcome,
};
use crate::domain::{rules, Fields, Rejection};

fn contract_kind() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(
        ContractKind::CODES,
        "pkwt: fixed term (with an end date); pkwtt: permanent",
    )
}

fn letter_level() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(
        crate::domain::pembinaan::LEVEL_CODES,
        "warning letter level",
    )
}

fn evaluation_status() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(
        &["computed", "reviewed", "approved", "locked"],
        "where the monthly evaluation stands",
    )
}

fn outcome_schema() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(
        DecisionOutcome::CODES,
        "extend: another fixed-term contract to `new_ends_on`; convert: permanent (pkwtt) \
         from the day after the end; end: no successor, the employee is deactivated after \
         the end date",
    )
}

/// A decision on a fixed-term contract and who took it.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ContractDecisionBody {
    #[schema(schema_with = outcome_schema)]
    pub outcome: DecisionOutcome,
    /// The extension's last day (`extend`).
    pub new_ends_on: Option<NaiveDate>,
    pub note: Option<String>,
    /// The site's supervisor_ops who proposed it.
    pub proposed_by: Uuid,
    pub proposed_at: DateTime<Utc>,
    /// The HR officer who confirmed it; null while it awaits HR.
    pub confirmed_by: Option<Uuid>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The contract the confirmation made (`extend`, `convert`).
    pub successor_id: Option<Uuid>,
    /// When the employee was deactivated after the end date (`end`).
    pub deactivated_at: Option<DateTime<Utc>>,
}

impl From<ContractDecision> for ContractDecisionBody {
    fn from(d: ContractDecision) -> Self {
        Self {
            outcome: d.outcome,
            new_ends_on: d.new_ends_on,
            note: d.note,
            proposed_by: d.proposed_by,
            proposed_at: d.proposed_at,
            confirmed_by: d.confirmed_by,
            confirmed_at: d.confirmed_at,
            successor_id: d.successor_id,
            deactivated_at: d.deactivated_at,
        }
    }
}

/// An employment contract, with its decision if one was proposed.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct EmploymentContractBody {
    pub id: Uuid,
    pub employee_id: Uuid,
    #[schema(schema_with = contract_kind)]
    pub kind: ContractKind,
    pub starts_on: NaiveDate,
    /// The last day; null for a permanent contract.
    pub ends_on: Option<NaiveDate>,
    /// The contract this one continues (an extension or a conversion).
    pub previous_id: Option<Uuid>,
    /// The applicant whose hiring made it.
    pub applicant_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub decision: Option<ContractDecisionBody>,
}

impl EmploymentContractBody {
    fn new(c: Contract, decision: Option<ContractDecision>) -> Self {
        Self {
            id: c.id,
            employee_id: c.employee_id,
            kind: c.terms.kind,
            starts_on: c.terms.starts_on,
            ends_on: c.terms.ends_on,
            previous_id: c.previous_id,
            applicant_id: c.applicant_id,
            created_at: c.created_at,
            decision: decision.map(ContractDecisionBody::from),
        }
    }
}

impl From<ContractWithDecision> for EmploymentContractBody {
    fn from(c: ContractWithDecision) -> Self {
        Self::new(c.contract, c.decision)
    }
}

/// An employee's contracts, oldest first.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct EmploymentContractList {
    pub items: Vec<EmploymentContractBody>,
}

/// A contract HR adds.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct NewContractRequest {
    #[schema(required = true, nullable = false, schema_with = contract_kind)]
    pub kind: Option<String>,
    /// Its first day.
    #[schema(required = true, nullable = false, value_type = String, format = Date, example = "2027-01-04")]
    pub starts_on: Option<String>,
    /// Its last day: required for `pkwt` (after `starts_on`), absent for `pkwtt`; 422
    /// `invalid-contract-terms` otherwise.
    #[schema(nullable = false, value_type = String, format = Date, example = "2027-07-03")]
    pub ends_on: Option<String>,
}

/// List an employee's contracts.
///
/// Oldest first, each with its decision: for those who see the employee (HR, managers
/// and coordinators every site's, supervisor_ops their site's).
#[utoipa::path(
    get,
    path = "/api/v1/hr/employees/{id}/contracts",
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "employee id")),
    responses(
        (status = 200, body = EmploymentContractList),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<EmploymentContractList>, Problem> {
    let request = super::request(&caller, &req);
    let items = contracts::list(&hr, &request, id.into_inner()).await?;
    Ok(web::Json(EmploymentContractList {
        items: items
            .into_iter()
            .map(EmploymentContractBody::from)
            .collect(),
    }))
}

/// Add a contract to an employee.
///
/// HR (an hr_recruiter or an admin). Checked under the employee's lock: 409 when it
/// shares a day with another of their contracts; 422 `fixed-term-limit` when their
/// fixed-term contracts would total more than `TAM_MAX_FIXED_TERM_MONTHS`,
/// `invalid-contract-terms`, `employee-deactivated`. Publishes `hr.contract.created`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/employees/{id}/contracts",
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "employee id")),
    request_body = NewContractRequest,
    responses(
        (status = 201, body = EmploymentContractBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn add(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<NewContractRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let r = body.into_inner();
    let mut f = Fields::new();
    let kind = f.required("kind", r.kind.as_deref(), |v| {
        parse_code::<ContractKind>(v, ContractKind::CODES)
    });
    let starts_on = f.required("starts_on", r.starts_on.as_deref(), parse_date);
    let ends_on = match r.ends_on.as_deref() {
        None => Some(None),
        Some(v) => f.check("ends_on", parse_date(v)).map(Some),
    };
    let (kind, starts_on, ends_on) = f.finish((|| Some((kind?, starts_on?, ends_on?)))())?;
    let terms = ContractTerms::new(kind, starts_on, ends_on).map_err(|e| {
        Rejection::rule(
            rules::INVALID_CONTRACT_TERMS,
            format!(
                "`ends_on` {}",
                e.reason.replace("the hire date", "`starts_on`")
            ),
        )
    })?;
    let employee_id = id.into_inner();
    let contract = contracts::add(&hr, &request, employee_id, terms).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/hr/employees/{employee_id}/contracts"),
        ))
        .json(EmploymentContractBody::new(contract, None)))
}

/// A contract in the queue.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ContractEndingBody {
    pub contract: EmploymentContractBody,
    pub full_name: String,
    #[schema(schema_with = schema::site_nullable)]
    pub site: Option<Site>,
    /// Days from today (WIB) to its end; negative once past it and still undecided.
    pub days_left: i64,
    /// The thresholds already announced (`hr.contract.ending`), largest first.
    pub notices: Vec<u32>,
}

impl From<EndingItem> for ContractEndingBody {
    fn from(item: EndingItem) -> Self {
        Self {
            full_name: item.undecided.full_name,
            site: item.undecided.site,
            days_left: item.days_left,
            notices: item.notices,
            contract: EmploymentContractBody::new(item.undecided.contract, item.proposal),
        }
    }
}

/// The queue of contracts to decide.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ContractEndingList {
    /// Today (WIB).
    pub from: NaiveDate,
    /// The last day looked at (today + 60).
    pub until: NaiveDate,
    /// Soonest end first.
    pub items: Vec<ContractEndingBody>,
}

/// The queue of fixed-term contracts ending soon.
///
/// Fixed-term contracts ending within 60 days (or already past their end) with no
/// confirmed decision, each once, with the thresholds announced and the proposal
/// awaiting HR: supervisor_ops their site's, HR, managers, coordinators and admins
/// every site's.
#[utoipa::path(
    get,
    path = "/api/v1/hr/contracts/ending",
    tag = "contracts",
    security(("bearer" = [])),
    responses(
        (status = 200, body = ContractEndingList),
    )
)]
pub async fn ending(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
) -> Result<web::Json<ContractEndingList>, Problem> {
    let request = super::request(&caller, &req);
    let (from, until, items) = contracts::ending(&hr, &request).await?;
    Ok(web::Json(ContractEndingList {
        from,
        until,
        items: items.into_iter().map(ContractEndingBody::from).collect(),
    }))
}

/// One monthly evaluation in a review.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ContractEvaluationBody {
    /// The month's first day.
    pub month: NaiveDate,
    pub validated_sales: i32,
    /// Corrections of locked months landing on this one.
    pub adjustment: i32,
    /// Quality Validation Score, percent.
    pub quality_score: Option<f64>,
    pub late_days: i32,
    pub tier: Option<String>,
    #[schema(schema_with = evaluation_status)]
    pub status: String,
}

/// A warning letter in force.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ContractLetterBody {
    pub id: Uuid,
    #[schema(schema_with = letter_level)]
    pub level: String,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
}

/// Attendance over the period.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ContractAttendanceBody {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rostered_days: u32,
    pub days_present: u32,
    pub late_arrivals: u32,
    pub early_leaves: u32,
    pub absences: u32,
    pub corrected_days: u32,
}

/// What the decision on a contract is taken on.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ContractReviewBody {
    pub contract: EmploymentContractBody,
    pub full_name: String,
    #[schema(schema_with = schema::site_nullable)]
    pub site: Option<Site>,
    /// The monthly evaluations of the contract's months so far, oldest first.
    pub evaluations: Vec<ContractEvaluationBody>,
    /// The warning letters in force today.
    pub letters_in_force: Vec<ContractLetterBody>,
    /// From the contract's start to yesterday (or its end); null before its first day
    /// is over.
    pub attendance: Option<ContractAttendanceBody>,
}

impl From<Review> for ContractReviewBody {
    fn from(r: Review) -> Self {
        Self {
            contract: EmploymentContractBody::new(r.contract, r.decision),
            full_name: r.full_name,
            site: r.site,
            evaluations: r
                .evaluations
                .into_iter()
                .map(|e| ContractEvaluationBody {
                    month: e.month,
                    validated_sales: e.validated_sales,
                    adjustment: e.adjustment,
                    quality_score: e.quality_score,
                    late_days: e.late_days,
                    tier: e.tier,
                    status: e.status,
                })
                .collect(),
            letters_in_force: r
                .letters_in_force
                .into_iter()
                .map(|l| ContractLetterBody {
                    id: l.id,
                    level: l.level.as_str().to_owned(),
                    issued_on: l.issued_on,
                    valid_until: l.valid_until,
                })
                .collect(),
            attendance: r.attendance.map(|a| ContractAttendanceBody {
                from: r.attendance_from,
                to: r.attendance_to,
                rostered_days: a.rostered_days,
                days_present: a.days_present,
                late_arrivals: a.late_arrivals,
                early_leaves: a.early_leaves,
                absences: a.absences,
                corrected_days: a.corrected_days,
            }),
        }
    }
}

/// What a decision on a contract is taken on.
///
/// The contract and its decision, the employee's monthly evaluations of the contract's
/// months, their warning letters in force today and their attendance over the contract:
/// for those who see the employee.
#[utoipa::path(
    get,
    path = "/api/v1/hr/contracts/{id}/review",
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "contract id")),
    responses(
        (status = 200, body = ContractReviewBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn review(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<ContractReviewBody>, Problem> {
    let request = super::request(&caller, &req);
    let review = contracts::review(&hr, &request, id.into_inner()).await?;
    Ok(web::Json(review.into()))
}

fn parse_note(value: &str) -> Result<String, String> {
    let note = value.trim_matches(' ');
    if note.is_empty() || note.chars().count() > 1000 {
        return Err("must be 1 to 1000 characters".to_owned());
    }
    if note.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(note.to_owned())
}

/// The supervisor's proposal.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ContractDecisionRequest {
    #[schema(required = true, nullable = false, schema_with = outcome_schema)]
    pub outcome: Option<String>,
    /// The extension's last day: required for `extend` (after the contract's end),
    /// absent otherwise; 422 `invalid-decision`.
    #[schema(nullable = false, value_type = String, format = Date, example = "2028-01-03")]
    pub new_ends_on: Option<String>,
    /// Why, 1 to 1000 characters.
    #[schema(
        nullable = false,
        min_length = 1,
        max_length = 1000,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub note: Option<String>,
}

/// Propose the decision on a fixed-term contract.
///
/// The supervisor_ops of the employee's site (or an admin; 403 otherwise) proposes to
/// extend (with the new end), convert to permanent or end; HR confirms it. A proposal
/// not yet confirmed may be replaced. 409 once confirmed; 422 `invalid-decision`,
/// `fixed-term-limit` (an extension beyond `TAM_MAX_FIXED_TERM_MONTHS`),
/// `employee-deactivated`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/contracts/{id}/decision",
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "contract id")),
    request_body = ContractDecisionRequest,
    responses(
        (status = 200, body = ContractDecisionBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn propose(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ContractDecisionRequest>,
) -> Result<web::Json<ContractDecisionBody>, Problem> {
    let request = super::request(&caller, &req);
    let r = body.into_inner();
    let mut f = Fields::new();
    let outcome = f.required("outcome", r.outcome.as_deref(), |v| {
        parse_code::<DecisionOutcome>(v, DecisionOutcome::CODES)
    });
    let new_ends_on = match r.new_ends_on.as_deref() {
        None => Some(None),
        Some(v) => f.check("new_ends_on", parse_date(v)).map(Some),
    };
    let note = match r.note.as_deref() {
        None => Some(None),
        Some(v) => f.check("note", parse_note(v)).map(Some),
    };
    let proposal = f.finish((|| {
        Some(Proposal {
            outcome: outcome?,
            new_ends_on: new_ends_on?,
            note: note?,
        })
    })())?;
    let decision = contracts::propose(&hr, &request, id.into_inner(), proposal).await?;
    Ok(web::Json(decision.into()))
}

/// Confirm the proposed decision.
///
/// HR (an hr_recruiter or an admin) confirms the site supervisor's proposal, which takes
/// effect: `extend` and `convert` add the next contract from the day after the end
/// (publishing `hr.contract.extended` / `hr.contract.converted`); `end` publishes
/// `hr.contract.ended` and the employee is deactivated after the end date. 409 when
/// nothing is proposed, it is already confirmed, or the next contract would overlap
/// another; 422 `fixed-term-limit`, `employee-deactivated`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/contracts/{id}/decision/confirm",
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "contract id")),
    responses(
        (status = 200, body = EmploymentContractBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn confirm(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<EmploymentContractBody>, Problem> {
    let request = super::request(&caller, &req);
    let confirmed = contracts::confirm(&hr, &request, id.into_inner()).await?;
    Ok(web::Json(confirmed.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_trimmed_and_bounded() {
        assert_eq!(parse_note(" kept on "), Ok("kept on".to_owned()));
        assert!(parse_note("  ").is_err());
        assert!(parse_note(&"x".repeat(1001)).is_err());
        assert!(parse_note("a\nb").is_err());
    }
}
