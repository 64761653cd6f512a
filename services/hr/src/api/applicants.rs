//! `/api/v1/hr/applicants`: applicants to requisitions, their test results, their moves
//! through the pipeline and their eligibility under manual §2.1.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{parse_code, parse_date, parse_uuid, Problem, Role};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::applicants::{self, ApplicantRecord};
use crate::app::Hr;
use crate::domain::applicant::{
    check_months, parse_education_level, parse_email, parse_phone, parse_score, parse_text,
    Applicant, ApplicantNik, Experience, ExperienceRole, NewApplicant, TestKind, TestResult,
};
use crate::domain::applicant_stage::Stage;
use crate::domain::eligibility::{Check, Verdict};
use crate::domain::employee::{parse_education_field, FullName};
use crate::domain::{Fields, Rejection};
use crate::store::applicants::ApplicantFilter;

/// One earlier job.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExperienceRequest {
    #[schema(required = true, nullable = false, schema_with = experience_role)]
    pub role: Option<String>,
    /// 1 to 200 characters.
    #[schema(
        required = true,
        nullable = false,
        example = "PT Telkom Indonesia",
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub employer: Option<String>,
    /// Whole months, 0 to 600; below 0 is 422 `negative-duration`.
    #[schema(required = true, nullable = false, maximum = 600, example = 24)]
    pub months: Option<i64>,
}

fn experience_role() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(ExperienceRole::CODES, "the kind of job")
}

fn test_kind() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(TestKind::CODES, "the test")
}

fn stage_schema() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(Stage::CODES, "pipeline stage")
}

/// A new applicant to an open requisition. Every malformed field is reported at once
/// (400); a birth date in the future (`birth-date-in-future`), an unknown education
/// level (`unknown-education-level`) and a negative experience (`negative-duration`)
/// are 422 naming the field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct CreateApplicantRequest {
    /// National identity number: exactly 16 digits.
    #[schema(
        required = true,
        nullable = false,
        example = "3273014506990001",
        pattern = r"^\s*[0-9]{16}\s*$"
    )]
    pub nik: Option<String>,
    #[schema(
        required = true,
        nullable = false,
        example = "Dewi Lestari",
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub full_name: Option<String>,
    #[schema(required = true, nullable = false, value_type = NaiveDate)]
    pub birth_date: Option<String>,
    /// 8 to 15 digits, optionally after a `+`.
    #[schema(
        required = true,
        nullable = false,
        example = "+6281234567890",
        pattern = r"^\s*\+?[0-9]{8,15}\s*$"
    )]
    pub phone: Option<String>,
    #[schema(
        example = "dewi@example.co.id",
        max_length = 200,
        pattern = r"^\s*[^@\s\x00-\x1f\x7f-\x9f]+@[^\s\x00-\x1f\x7f-\x9f]*\.[^\s\x00-\x1f\x7f-\x9f]*\s*$"
    )]
    pub email: Option<String>,
    /// SMA, D1, D2, D3, D4, S1, S2 or S3; another is 422 `unknown-education-level`.
    #[schema(required = true, nullable = false, schema_with = schema::education_level)]
    pub education_level: Option<String>,
    #[schema(
        required = true,
        nullable = false,
        example = "Manajemen",
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub education_field: Option<String>,
    /// Earlier jobs (at most 50).
    #[schema(max_items = 50)]
    pub experiences: Option<Vec<ExperienceRequest>>,
    /// An internal candidate: their employee record.
    #[schema(value_type = Option<Uuid>)]
    pub employee_id: Option<String>,
    /// The open requisition applied to.
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub requisition_id: Option<String>,
}

impl TryFrom<CreateApplicantRequest> for NewApplicant {
    type Error = Rejection;

    fn try_from(r: CreateApplicantRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        // The issue's bad inputs (422) are reported after the malformed ones (400).
        let mut rule: Option<Rejection> = None;
        let mut keep = |rejection: Rejection, f: &mut Fields| match rejection {
            Rejection::Invalid(errors) => f.extend(errors),
            other => {
                rule.get_or_insert(other);
            }
        };
        let nik = f.required("nik", r.nik.as_deref(), ApplicantNik::parse);
        let full_name = f.required("full_name", r.full_name.as_deref(), FullName::parse);
        let birth_date = f.required("birth_date", r.birth_date.as_deref(), parse_date);
        let phone = f.required("phone", r.phone.as_deref(), parse_phone);
        let email = match r.email.as_deref() {
            None => Some(None),
            Some(v) => f.check("email", parse_email(v)).map(Some),
        };
        let education_level = match r.education_level.as_deref() {
            None => {
                f.error("education_level", "is required");
                None
            }
            Some(v) => match parse_education_level(v) {
                Ok(level) => Some(level),
                Err(rejection) => {
                    keep(rejection, &mut f);
                    None
                }
            },
        };
        let education_field = f.required(
            "education_field",
            r.education_field.as_deref(),
            parse_education_field,
        );
        let raw = r.experiences.unwrap_or_default();
        if raw.len() > 50 {
            f.error("experiences", "must hold at most 50 records");
        }
        let mut experiences = Vec::new();
        for (i, e) in raw.into_iter().enumerate() {
            let role = f.required(&format!("experiences[{i}].role"), e.role.as_deref(), |v| {
                parse_code(v, ExperienceRole::CODES)
            });
            let employer = f.required(
                &format!("experiences[{i}].employer"),
                e.employer.as_deref(),
                |v| parse_text(v, 200),
            );
            let field = format!("experiences[{i}].months");
            let months = match e.months {
                None => {
                    f.error(&field, "is required");
                    None
                }
                Some(m) => match check_months(&field, m) {
                    Ok(m) => Some(m),
                    Err(rejection) => {
                        keep(rejection, &mut f);
                        None
                    }
                },
            };
            if let (Some(role), Some(employer), Some(months)) = (role, employer, months) {
                experiences.push(Experience {
                    role,
                    employer,
                    months,
                });
            }
        }
        let employee_id = match r.employee_id.as_deref() {
            None => Some(None),
            Some(v) => f.check("employee_id", parse_uuid(v)).map(Some),
        };
        let requisition_id = f.required("requisition_id", r.requisition_id.as_deref(), parse_uuid);
        if !f.is_empty() {
            return f.finish(None);
        }
        if let Some(rule) = rule {
            return Err(rule);
        }
        let new = (|| {
            Some(NewApplicant {
                nik: nik?,
                full_name: full_name?,
                birth_date: birth_date?,
                phone: phone?,
                email: email?,
                education_level: education_level?,
                education_field: education_field?,
                experiences,
                employee_id: employee_id?,
                requisition_id: requisition_id?,
            })
        })();
        f.finish(new)
    }
}

/// One earlier job.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ExperienceBody {
    #[schema(schema_with = experience_role)]
    pub role: ExperienceRole,
    pub employer: String,
    pub months: u32,
}

/// A test's latest result.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TestBody {
    #[schema(schema_with = test_kind)]
    pub kind: TestKind,
    pub passed: bool,
    pub score: Option<u8>,
    pub taken_on: NaiveDate,
}

/// A stage the applicant was in, and for how long.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct StageBody {
    #[schema(schema_with = stage_schema)]
    pub stage: String,
    pub entered_at: DateTime<Utc>,
    /// Null while it is the current stage.
    pub left_at: Option<DateTime<Utc>>,
    /// Seconds spent in it (up to now for the current stage).
    pub seconds: i64,
    /// Why the applicant left the pipeline (rejected, withdrawn).
    pub reason: Option<String>,
    pub moved_by: Uuid,
}

/// An applicant, with their experience, tests and stage history.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ApplicantBody {
    pub id: Uuid,
    pub nik: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub phone: String,
    pub email: Option<String>,
    #[schema(schema_with = schema::education_level)]
    pub education_level: String,
    pub education_field: String,
    /// An internal candidate's employee record.
    pub employee_id: Option<Uuid>,
    pub requisition_id: Uuid,
    #[schema(schema_with = stage_schema)]
    pub stage: Stage,
    pub stage_since: DateTime<Utc>,
    /// The employee hiring made.
    pub hired_employee_id: Option<Uuid>,
    pub experiences: Vec<ExperienceBody>,
    pub tests: Vec<TestBody>,
    pub stages: Vec<StageBody>,
    pub created_at: DateTime<Utc>,
}

impl From<ApplicantRecord> for ApplicantBody {
    fn from(record: ApplicantRecord) -> Self {
        let ApplicantRecord {
            applicant: a,
            history,
            now,
        } = record;
        let Applicant {
            id,
            nik,
            full_name,
            birth_date,
            phone,
            email,
            education_level,
            education_field,
            employee_id,
            requisition_id,
            stage,
            stage_since,
            hired_employee_id,
            experiences,
            tests,
            created_at,
        } = a;
        Self {
            id,
            nik,
            full_name,
            birth_date,
            phone,
            email,
            education_level: education_level.to_string(),
            education_field,
            employee_id,
            requisition_id,
            stage,
            stage_since,
            hired_employee_id,
            experiences: experiences
                .into_iter()
                .map(|e| ExperienceBody {
                    role: e.role,
                    employer: e.employer,
                    months: e.months,
                })
                .collect(),
            tests: tests
                .into_iter()
                .map(|t| TestBody {
                    kind: t.kind,
                    passed: t.passed,
                    score: t.score,
                    taken_on: t.taken_on,
                })
                .collect(),
            stages: history
                .into_iter()
                .map(|h| StageBody {
                    seconds: (h.left_at.unwrap_or(now) - h.entered_at)
                        .num_seconds()
                        .max(0),
                    stage: h.stage,
                    entered_at: h.entered_at,
                    left_at: h.left_at,
                    reason: h.reason,
                    moved_by: h.moved_by,
                })
                .collect(),
            created_at,
        }
    }
}

/// Record an applicant to an open requisition.
///
/// They start at `applied`. 400 names every malformed field; 422
/// `birth-date-in-future`, `unknown-education-level`, `negative-duration` (each naming
/// the field), `requisition-not-open`, `employee-not-found` (an internal candidate's
/// record); 409 when the same NIK already applied to the requisition.
#[utoipa::path(
    post,
    path = "/api/v1/hr/applicants",
    tag = "recruitment",
    security(("bearer" = [])),
    request_body = CreateApplicantRequest,
    responses(
        (status = 201, body = ApplicantBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<CreateApplicantRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let new = NewApplicant::try_from(body.into_inner())?;
    let record = applicants::create(&hr, &request, new).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/hr/applicants/{}", record.applicant.id),
        ))
        .json(ApplicantBody::from(record)))
}

/// Filters and page of the applicant list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ApplicantListQuery {
    /// Only the applicants to this requisition.
    #[param(value_type = Option<Uuid>)]
    pub requisition: Option<String>,
    /// Only those at this stage.
    #[param(schema_with = stage_schema)]
    pub stage: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

/// One page of applicants.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ApplicantPage {
    pub items: Vec<ApplicantBody>,
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
}

/// List the applicants the caller sees, oldest first (a site's supervisor: those to
/// their site's requisitions).
#[utoipa::path(
    get,
    path = "/api/v1/hr/applicants",
    tag = "recruitment",
    security(("bearer" = [])),
    params(ApplicantListQuery),
    responses(
        (status = 200, body = ApplicantPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<ApplicantListQuery>,
) -> Result<web::Json<ApplicantPage>, Problem> {
    let request = super::request(&caller, &req);
    let q = query.into_inner();
    let mut f = Fields::new();
    let requisition_id = match q.requisition.as_deref() {
        None => Some(None),
        Some(v) => f.check("requisition", parse_uuid(v)).map(Some),
    };
    let stage = match q.stage.as_deref() {
        None => Some(None),
        Some(v) => f
            .check("stage", parse_code::<Stage>(v, Stage::CODES))
            .map(Some),
    };
    let page = tam_kernel::parse_page(&mut f, q.limit.as_deref(), q.cursor);
    let parsed = (|| {
        let (limit, cursor) = page?;
        Some((
            ApplicantFilter {
                requisition_id: requisition_id?,
                stage: stage?,
            },
            limit,
            cursor,
        ))
    })();
    let (filter, limit, cursor) = f.finish(parsed)?;
    let page = applicants::list(&hr, &request, filter, cursor, limit).await?;
    Ok(web::Json(ApplicantPage {
        items: page.items.into_iter().map(ApplicantBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One applicant, with their stage history and the time in each stage (404 outside
/// the caller's scope: a site's supervisor sees the applicants to their site's
/// requisitions).
#[utoipa::path(
    get,
    path = "/api/v1/hr/applicants/{id}",
    tag = "recruitment",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "applicant id")),
    responses(
        (status = 200, body = ApplicantBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<ApplicantBody>, Problem> {
    let request = super::request(&caller, &req);
    let record = applicants::get(&hr, &request, id.into_inner()).await?;
    Ok(web::Json(record.into()))
}

/// A test result.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct TestRequest {
    #[schema(required = true, nullable = false, schema_with = test_kind)]
    pub kind: Option<String>,
    #[schema(required = true, nullable = false)]
    pub passed: Option<bool>,
    /// 0 to 100.
    #[schema(minimum = 0, maximum = 100)]
    pub score: Option<i64>,
    /// Not in the future.
    #[schema(required = true, nullable = false, value_type = NaiveDate)]
    pub taken_on: Option<String>,
}

impl TryFrom<TestRequest> for TestResult {
    type Error = Rejection;

    fn try_from(r: TestRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let kind = f.required("kind", r.kind.as_deref(), |v| {
            parse_code(v, TestKind::CODES)
        });
        let passed = f.required("passed", r.passed, Ok);
        let score = match r.score {
            None => Some(None),
            Some(s) => f.check("score", parse_score(s)).map(Some),
        };
        let taken_on = f.required("taken_on", r.taken_on.as_deref(), parse_date);
        let result = (|| {
            Some(TestResult {
                kind: kind?,
                passed: passed?,
                score: score?,
                taken_on: taken_on?,
            })
        })();
        f.finish(result)
    }
}

/// Record a test result (a retake replaces the earlier result of the kind).
///
/// 409 when the applicant is hired, rejected or withdrawn.
#[utoipa::path(
    post,
    path = "/api/v1/hr/applicants/{id}/tests",
    tag = "recruitment",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "applicant id")),
    request_body = TestRequest,
    responses(
        (status = 200, body = ApplicantBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "test-date-in-future"),
    )
)]
pub async fn record_test(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<TestRequest>,
) -> Result<web::Json<ApplicantBody>, Problem> {
    let request = super::request(&caller, &req);
    let result = TestResult::try_from(body.into_inner())?;
    let record = applicants::record_test(&hr, &request, id.into_inner(), result).await?;
    Ok(web::Json(record.into()))
}

/// A move through the pipeline.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct StageRequest {
    #[schema(required = true, nullable = false, schema_with = stage_schema)]
    pub stage: Option<String>,
    /// Required for `rejected` and `withdrawn`; 1 to 500 characters.
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub reason: Option<String>,
}

/// Move an applicant through the pipeline.
///
/// To the next stage of the role's template (applied → screening → tests → interview
/// → offer), or out (`rejected`, `withdrawn`) with a reason. 422 `illegal-stage-move`
/// for a skipped or backward stage, a move out of a final stage, or `hired` (reached
/// only by hiring).
#[utoipa::path(
    post,
    path = "/api/v1/hr/applicants/{id}/stage",
    tag = "recruitment",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "applicant id")),
    request_body = StageRequest,
    responses(
        (status = 200, body = ApplicantBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn move_stage(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<StageRequest>,
) -> Result<web::Json<ApplicantBody>, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let stage = f.required("stage", body.stage.as_deref(), |v| {
        parse_code::<Stage>(v, Stage::CODES)
    });
    let reason = match body.reason.as_deref() {
        None => Some(None),
        Some(v) => f.check("reason", parse_text(v, 500)).map(Some),
    };
    let (stage, reason) = f.finish((|| Some((stage?, reason?)))())?;
    let record = applicants::move_stage(&hr, &request, id.into_inner(), stage, reason).await?;
    Ok(web::Json(record.into()))
}

/// The role and hire date to judge the applicant for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct EligibilityQuery {
    /// The role (the requisition's when absent).
    #[param(schema_with = tam_auth::openapi::role)]
    pub role: Option<String>,
    /// The hire date (`YYYY-MM-DD`): age and experience are counted to it, and the
    /// edition of the rules in effect on it judges.
    #[param(required = true, value_type = NaiveDate)]
    pub hire_date: Option<String>,
}

/// One rule as evaluated.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct RuleCheckBody {
    /// The rule's id, e.g. `agent.max_age`.
    pub rule: String,
    /// `min_age`, `max_age`, `min_education`, `education_field`, `experience`,
    /// `passed_test`, `no_failed_test` or `not_in_pembinaan`.
    pub requirement: String,
    /// The applicant field the rule reads.
    pub field: String,
    /// What the rule requires.
    pub required: String,
    /// The applicant's value the rule read.
    pub value: String,
    /// The alternatives group (one rule of a group suffices).
    pub alternatives: Option<String>,
    pub passed: bool,
}

impl From<&Check> for RuleCheckBody {
    fn from(c: &Check) -> Self {
        Self {
            rule: c.rule.id.to_owned(),
            requirement: c.rule.requirement.kind().to_owned(),
            field: c.rule.requirement.field().to_owned(),
            required: c.rule.requirement.describe(),
            value: c.value.clone(),
            alternatives: c.rule.alternatives.map(str::to_owned),
            passed: c.passed,
        }
    }
}

/// The verdict of manual §2.1 on an applicant for a role at a hire date.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct EligibilityBody {
    pub applicant_id: Uuid,
    #[schema(schema_with = schema::role)]
    pub role: Role,
    pub hire_date: NaiveDate,
    /// The edition of the rule table that judged.
    pub rules_version: u32,
    pub eligible: bool,
    /// Every rule that fails, with the value that failed it (a rule of an alternatives
    /// group only when no rule of its group passes).
    pub failures: Vec<RuleCheckBody>,
    /// Every rule of the role, evaluated.
    pub checks: Vec<RuleCheckBody>,
}

fn eligibility_body(applicant_id: Uuid, v: &Verdict) -> EligibilityBody {
    EligibilityBody {
        applicant_id,
        role: v.role,
        hire_date: v.hire_date,
        rules_version: v.version,
        eligible: v.eligible(),
        failures: v.failures.iter().map(RuleCheckBody::from).collect(),
        checks: v.checks.iter().map(RuleCheckBody::from).collect(),
    }
}

/// Judge an applicant against manual §2.1's requirements for a role at a hire date.
///
/// Names every failing rule with the value that failed it. 422 `no-hiring-rules` for
/// a role hr does not recruit or a date before any edition of the rules.
#[utoipa::path(
    get,
    path = "/api/v1/hr/applicants/{id}/eligibility",
    tag = "recruitment",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "applicant id"), EligibilityQuery),
    responses(
        (status = 200, body = EligibilityBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn eligibility(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    query: web::Query<EligibilityQuery>,
) -> Result<web::Json<EligibilityBody>, Problem> {
    let request = super::request(&caller, &req);
    let query = query.into_inner();
    let mut f = Fields::new();
    let role = match query.role.as_deref() {
        None => Some(None),
        Some(v) => f
            .check("role", parse_code::<Role>(v, Role::CODES))
            .map(Some),
    };
    let hire_date = f.required("hire_date", query.hire_date.as_deref(), parse_date);
    let (role, hire_date) = f.finish((|| Some((role?, hire_date?)))())?;
    let id = id.into_inner();
    let verdict = applicants::eligibility(&hr, &request, id, role, hire_date).await?;
    Ok(web::Json(eligibility_body(id, &verdict)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn valid() -> CreateApplicantRequest {
        CreateApplicantRequest {
            nik: Some("3273014506990001".into()),
            full_name: Some("Dewi Lestari".into()),
            birth_date: Some("1999-06-05".into()),
            phone: Some("+6281234567890".into()),
            email: None,
            education_level: Some("D3".into()),
            education_field: Some("Manajemen".into()),
            experiences: Some(vec![ExperienceRequest {
                role: Some("agent".into()),
                employer: Some("PT Infomedia".into()),
                months: Some(12),
            }]),
            employee_id: None,
            requisition_id: Some(Uuid::nil().to_string()),
        }
    }

    #[test]
    fn a_valid_request_parses() {
        let new = NewApplicant::try_from(valid()).unwrap();
        assert_eq!(new.experiences.len(), 1);
    }

    #[test]
    fn malformed_fields_are_400_before_the_422_rules() {
        let mut r = valid();
        r.nik = Some("123".into());
        r.education_level = Some("S9".into());
        let Err(Rejection::Invalid(errors)) = NewApplicant::try_from(r) else {
            panic!("not 400");
        };
        assert_eq!(errors[0].field, "nik");
        let mut r = valid();
        r.experiences.as_mut().unwrap()[0].months = Some(-1);
        let Err(Rejection::Rule { rule, detail }) = NewApplicant::try_from(r) else {
            panic!("not 422");
        };
        assert_eq!(rule, crate::domain::rules::NEGATIVE_DURATION);
        assert!(detail.starts_with("experiences[0].months"));
    }
}
