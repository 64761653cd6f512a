//! `POST /api/v1/hr/applicants/{id}/hire`: the applicant becomes an employee.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{parse_code, parse_date, parse_uuid, Problem};
use utoipa::ToSchema;
use uuid::Uuid;

use super::applicants::ApplicantBody;
use super::employees::{ActivationBody, EmployeeBody};
use super::schema::ProblemBody;
use crate::app::hiring::{self, HireOutcome, HireTerms};
use crate::app::Hr;
use crate::domain::contracts::{Contract, ContractKind};
use crate::domain::employee::{Nik, Username};
use crate::domain::requisition::Requisition;
use crate::domain::{Fields, Rejection};

fn contract_kind() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(
        ContractKind::CODES,
        "pkwt: fixed term (with an end date); pkwtt: permanent",
    )
}

/// The first contract's terms.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ContractRequest {
    #[schema(required = true, nullable = false, schema_with = contract_kind)]
    pub kind: Option<String>,
    /// The last day: required for `pkwt` (after the hire date), absent for `pkwtt`.
    #[schema(value_type = Option<NaiveDate>)]
    pub ends_on: Option<String>,
}

/// What the recruiter decides at hiring. Role, site and program are the requisition's.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct HireRequest {
    /// Login name: 3 to 32 of `a-z 0-9 . _ -`, unique.
    #[schema(
        required = true,
        nullable = false,
        example = "dewi.l",
        pattern = r"^[a-z0-9._-]{3,32}$"
    )]
    pub username: Option<String>,
    /// Employee number (1 to 20 digits); the applicant's NIK when absent.
    #[schema(nullable = false, pattern = r"^\s*[0-9]{1,20}\s*$")]
    pub nik: Option<String>,
    /// The first working day: the contract's start; the rules are judged on it.
    #[schema(required = true, nullable = false, value_type = NaiveDate)]
    pub hire_date: Option<String>,
    #[schema(required = true, nullable = false)]
    pub contract: Option<ContractRequest>,
    /// Agents: a team of the requisition's site and program.
    #[schema(value_type = Option<Uuid>)]
    pub team_id: Option<String>,
}

impl TryFrom<HireRequest> for HireTerms {
    type Error = Rejection;

    fn try_from(r: HireRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let username = f.required("username", r.username.as_deref(), Username::parse);
        let nik = match r.nik.as_deref() {
            None => Some(None),
            Some(v) => f.check("nik", Nik::parse(v)).map(Some),
        };
        let hire_date = f.required("hire_date", r.hire_date.as_deref(), parse_date);
        let (kind, ends_on) = match r.contract {
            None => {
                f.error("contract", "is required");
                (None, None)
            }
            Some(c) => {
                let kind = f.required("contract.kind", c.kind.as_deref(), |v| {
                    parse_code::<ContractKind>(v, ContractKind::CODES)
                });
                let ends_on = match c.ends_on.as_deref() {
                    None => Some(None),
                    Some(v) => f.check("contract.ends_on", parse_date(v)).map(Some),
                };
                (kind, ends_on)
            }
        };
        let team_id = match r.team_id.as_deref() {
            None => Some(None),
            Some(v) => f.check("team_id", parse_uuid(v)).map(Some),
        };
        let terms = (|| {
            Some(HireTerms {
                username: username?,
                nik: nik?,
                hire_date: hire_date?,
                contract_kind: kind?,
                contract_ends_on: ends_on?,
                team_id: team_id?,
            })
        })();
        f.finish(terms)
    }
}

/// The employment contract made.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ContractBody {
    pub id: Uuid,
    pub employee_id: Uuid,
    #[schema(schema_with = contract_kind)]
    pub kind: ContractKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

impl From<Contract> for ContractBody {
    fn from(c: Contract) -> Self {
        Self {
            id: c.id,
            employee_id: c.employee_id,
            kind: c.terms.kind,
            starts_on: c.terms.starts_on,
            ends_on: c.terms.ends_on,
        }
    }
}

/// The agent's initial training.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TrainingBody {
    /// `enrolled` (in `class_id`), `awaiting_class` (an agent and no initial class of
    /// their program at their site starts on or after the hire date yet: enroll them
    /// when one is planned) or `not_required` (not an agent).
    #[schema(example = "enrolled")]
    pub status: String,
    pub class_id: Option<Uuid>,
}

/// The requisition after the hire.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct RequisitionHeadcountBody {
    pub id: Uuid,
    pub headcount: i32,
    pub hired: i64,
    /// `open`, or `filled` when the hires reach the headcount.
    pub status: String,
}

impl From<Requisition> for RequisitionHeadcountBody {
    fn from(r: Requisition) -> Self {
        Self {
            id: r.id,
            headcount: r.headcount,
            hired: r.hired,
            status: r.status.to_string(),
        }
    }
}

/// What hiring made: the employee and their one-time activation code, their contract,
/// their training, the requisition's headcount.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct HiredBody {
    pub applicant: ApplicantBody,
    pub employee: EmployeeBody,
    /// Hand it to the employee: they set their first password with it
    /// (`POST /api/v1/auth/activate`). Shown only here.
    pub activation: ActivationBody,
    pub contract: ContractBody,
    pub training: TrainingBody,
    pub requisition: RequisitionHeadcountBody,
}

impl From<HireOutcome> for HiredBody {
    fn from(o: HireOutcome) -> Self {
        let is_agent = o.hired.employee.role == tam_kernel::Role::Agent;
        let status = match (o.training_class_id, is_agent) {
            (Some(_), _) => "enrolled",
            (None, true) => "awaiting_class",
            (None, false) => "not_required",
        };
        Self {
            applicant: o.applicant.into(),
            employee: o.hired.employee.into(),
            activation: o.hired.activation.into(),
            contract: o.contract.into(),
            training: TrainingBody {
                status: status.to_owned(),
                class_id: o.training_class_id,
            },
            requisition: o.requisition.into(),
        }
    }
}

/// Hire an applicant into their requisition's role, site and program.
///
/// In one transaction: the employee (with a one-time activation code instead of a
/// password), their first contract, for an agent an enrollment in the next initial
/// training class of their program at their site (none planned: the hire stands and
/// `training.status` is `awaiting_class`), the hire marked on the requisition (filled
/// at its headcount), the applicant at `hired`; publishes `hr.employee.created` and
/// `hr.applicant.hired`. 422 `applicant-ineligible` with `errors` naming every failing
/// rule of manual §2.1 (under the applicant field it read, with the value), 422
/// `illegal-stage-move` before the offer, `requisition-not-open`, `internal-candidate`;
/// 409 when the applicant is already hired or the username or employee number is taken.
#[utoipa::path(
    post,
    path = "/api/v1/hr/applicants/{id}/hire",
    tag = "recruitment",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "applicant id")),
    request_body = HireRequest,
    responses(
        (status = 201, body = HiredBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn hire(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<HireRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let terms = HireTerms::try_from(body.into_inner())?;
    let outcome = hiring::hire(&hr, &request, id.into_inner(), terms).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/hr/employees/{}", outcome.hired.employee.id),
        ))
        // The answer holds a secret.
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(HiredBody::from(outcome)))
}
