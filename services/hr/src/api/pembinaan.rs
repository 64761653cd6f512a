//! `/api/v1/hr/warning-letters`, `/api/v1/hr/termination-reviews` and
//! `/api/v1/hr/coaching`: pembinaan (manual §4.1.4).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::openapi::codes;
use tam_auth::Caller;
use tam_kernel::{parse_uuid, Problem, Role, Site};
use utoipa::openapi::Object;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::pembinaan::{self as app, LetterAction, NewCoaching, NewLetter};
use crate::app::Hr;
use crate::domain::employee::parse_date;
use crate::domain::pembinaan::{
    CoachingKind, CoachingRecord, Evidence, Level, TerminationReview, WarningLetter,
    COACHING_KIND_CODES, EVIDENCE_KIND_CODES, LETTER_STATUS_CODES, LEVEL_CODES,
};
use crate::domain::{Fields, Rejection};

fn level() -> Object {
    codes(LEVEL_CODES, "warning letter level")
}

fn letter_status() -> Object {
    codes(LETTER_STATUS_CODES, "warning letter status")
}

fn letter_decision() -> Object {
    codes(
        &["approved", "rejected"],
        "HR's decision on a direct letter",
    )
}

fn review_status() -> Object {
    codes(&["open", "decided"], "termination review status")
}

fn review_decision() -> Object {
    codes(
        &["terminate", "retain"],
        "HR's decision on a termination review",
    )
}

fn coaching_kind() -> Object {
    codes(
        COACHING_KIND_CODES,
        "coaching (skills) or counseling (conduct)",
    )
}

fn evidence_kind() -> Object {
    codes(EVIDENCE_KIND_CODES, "what the evidence id names")
}

/// A text of 1 to 500 characters without control characters, not only spaces: what the
/// documented pattern accepts (spaces trimmed; the pattern allows other whitespace).
fn parse_reason(value: &str) -> Result<String, String> {
    let text = value.trim_matches(' ');
    if text.is_empty() || value.chars().count() > 500 {
        return Err("must be 1 to 500 characters, not only spaces".to_owned());
    }
    if text.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(text.to_owned())
}

fn optional_text(f: &mut Fields, field: &str, value: Option<&str>) -> Option<Option<String>> {
    match value {
        None => Some(None),
        Some(v) => f.check(field, parse_reason(v)).map(Some),
    }
}

/// A warning letter.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct WarningLetterBody {
    pub id: Uuid,
    pub employee_id: Uuid,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = level)]
    pub level: String,
    /// Its first WIB day in force.
    pub issued_on: NaiveDate,
    /// Its last WIB day in force (issue day + the validity in months − 1 day).
    pub valid_until: NaiveDate,
    pub reason: String,
    /// Set for a direct letter (off the ladder), which waits for HR's approval.
    pub direct_reason: Option<String>,
    #[schema(schema_with = letter_status)]
    pub status: String,
    pub issued_by: Uuid,
    #[schema(schema_with = schema::role)]
    pub issued_by_role: Role,
    pub issued_at: DateTime<Utc>,
    pub acknowledged_by: Option<Uuid>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub revoked_by: Option<Uuid>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revocation_reason: Option<String>,
}

impl From<WarningLetter> for WarningLetterBody {
    fn from(l: WarningLetter) -> Self {
        Self {
            id: l.id,
            employee_id: l.employee_id,
            site: l.site,
            level: l.level.as_str().to_owned(),
            issued_on: l.issued_on,
            valid_until: l.valid_until,
            reason: l.reason,
            direct_reason: l.direct_reason,
            status: l.status.as_str().to_owned(),
            issued_by: l.issued_by,
            issued_by_role: l.issued_by_role,
            issued_at: l.issued_at,
            acknowledged_by: l.acknowledged_by,
            acknowledged_at: l.acknowledged_at,
            decided_by: l.decided_by,
            decided_at: l.decided_at,
            decision_note: l.decision_note,
            revoked_by: l.revoked_by,
            revoked_at: l.revoked_at,
            revocation_reason: l.revocation_reason,
        }
    }
}

/// Warning letters, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct WarningLetterList {
    pub items: Vec<WarningLetterBody>,
}

/// A warning letter to issue, dated today (WIB).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct IssueLetterRequest {
    /// An employee of the issuer's site.
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub employee_id: Option<String>,
    #[schema(required = true, nullable = false, schema_with = level)]
    pub level: Option<String>,
    /// What the letter is for: 1 to 500 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub reason: Option<String>,
    /// A direct letter off the ladder (an SP2 without an SP1 in force, an SP3 without
    /// an SP2): why; HR must approve it. 1 to 500 characters.
    #[schema(
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub direct_reason: Option<String>,
}

impl TryFrom<IssueLetterRequest> for NewLetter {
    type Error = Rejection;

    fn try_from(r: IssueLetterRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let employee_id = f.required("employee_id", r.employee_id.as_deref(), parse_uuid);
        let level = f.required("level", r.level.as_deref(), |v| v.parse::<Level>());
        let reason = f.required("reason", r.reason.as_deref(), parse_reason);
        let direct_reason = optional_text(&mut f, "direct_reason", r.direct_reason.as_deref());
        let new = (|| {
            Some(NewLetter {
                employee_id: employee_id?,
                level: level?,
                reason: reason?,
                direct_reason: direct_reason?,
            })
        })();
        f.finish(new)
    }
}

/// HR's decision on a direct letter.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct LetterDecisionRequest {
    #[schema(required = true, nullable = false, schema_with = letter_decision)]
    pub decision: Option<String>,
    /// 1 to 500 characters.
    #[schema(
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub note: Option<String>,
}

/// A revocation.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct RevokeLetterRequest {
    /// Why: 1 to 500 characters (kept on the letter).
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub reason: Option<String>,
}

/// Filter of the letter and coaching lists.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct EmployeeQuery {
    /// One employee's only.
    #[param(value_type = Option<Uuid>)]
    pub employee_id: Option<String>,
}

impl EmployeeQuery {
    fn parse(self) -> Result<Option<Uuid>, Rejection> {
        let mut f = Fields::new();
        let id = match self.employee_id.as_deref() {
            None => Some(None),
            Some(v) => f.check("employee_id", parse_uuid(v)).map(Some),
        };
        f.finish(id)
    }
}

/// Issue a warning letter (SP1, SP2, SP3) dated today (WIB).
///
/// By a supervisor_ops or supervisor_quality for an employee of their own site (422
/// `letter-outside-site` otherwise; 404 for an unknown employee). An SP2 needs an SP1
/// in force, an SP3 an SP2 (422 `warning-letter-sequence`), unless `direct_reason` is
/// given: the letter then waits for HR's approval (`pending_approval`). An SP3 in force
/// opens a termination review. Publishes `hr.warning_letter.issued`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/warning-letters",
    tag = "pembinaan",
    security(("bearer" = [])),
    request_body = IssueLetterRequest,
    responses(
        (status = 201, body = WarningLetterBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn issue(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<IssueLetterRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let new = NewLetter::try_from(body.into_inner())?;
    let letter = app::issue(&hr, &request, new).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!(
                "/api/v1/hr/warning-letters?employee_id={}",
                letter.employee_id
            ),
        ))
        .json(WarningLetterBody::from(letter)))
}

/// The warning letters the caller sees, newest first (at most 500).
///
/// HR, managers and coordinators all; a site supervisor their site's; a team leader
/// their people's; an agent their own.
#[utoipa::path(
    get,
    path = "/api/v1/hr/warning-letters",
    tag = "pembinaan",
    security(("bearer" = [])),
    params(EmployeeQuery),
    responses(
        (status = 200, body = WarningLetterList),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn letters(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<EmployeeQuery>,
) -> Result<web::Json<WarningLetterList>, Problem> {
    let request = super::request(&caller, &req);
    let employee_id = query.into_inner().parse()?;
    let items = app::letters(&hr, &request, employee_id).await?;
    Ok(web::Json(WarningLetterList {
        items: items.into_iter().map(WarningLetterBody::from).collect(),
    }))
}

async fn act(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: Uuid,
    action: LetterAction,
) -> Result<web::Json<WarningLetterBody>, Problem> {
    let request = super::request(&caller, &req);
    let letter = app::act(&hr, &request, id, action).await?;
    Ok(web::Json(letter.into()))
}

/// HR acknowledges a letter issued on the ladder (issued → acknowledged; 409 at any
/// other status). Publishes `hr.warning_letter.acknowledged`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/warning-letters/{id}/acknowledge",
    tag = "pembinaan",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "warning letter id")),
    responses(
        (status = 200, body = WarningLetterBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn acknowledge(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<WarningLetterBody>, Problem> {
    act(caller, hr, req, id.into_inner(), LetterAction::Acknowledge).await
}

/// HR approves or rejects a direct letter (pending_approval → approved | rejected; 409
/// at any other status). An approved letter is in force from its issue day; an
/// approved SP3 opens a termination review. Publishes `hr.warning_letter.decided`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/warning-letters/{id}/decision",
    tag = "pembinaan",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "warning letter id")),
    request_body = LetterDecisionRequest,
    responses(
        (status = 200, body = WarningLetterBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn decide(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<LetterDecisionRequest>,
) -> Result<web::Json<WarningLetterBody>, Problem> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let approve = f.required("decision", body.decision.as_deref(), |v| match v {
        "approved" => Ok(true),
        "rejected" => Ok(false),
        _ => Err("must be one of: approved, rejected".to_owned()),
    });
    let note = optional_text(&mut f, "note", body.note.as_deref());
    let action = f.finish((|| {
        Some(LetterAction::Decide {
            approve: approve?,
            note: note?,
        })
    })())?;
    act(caller, hr, req, id.into_inner(), action).await
}

/// Revoke a letter with a reason (kept; nothing is deleted): it is no longer in force.
/// 409 when rejected or revoked already. Publishes `hr.warning_letter.revoked`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/warning-letters/{id}/revoke",
    tag = "pembinaan",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "warning letter id")),
    request_body = RevokeLetterRequest,
    responses(
        (status = 200, body = WarningLetterBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn revoke(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<RevokeLetterRequest>,
) -> Result<web::Json<WarningLetterBody>, Problem> {
    let mut f = Fields::new();
    let reason = f.required("reason", body.into_inner().reason.as_deref(), parse_reason);
    let reason = f.finish(reason)?;
    act(
        caller,
        hr,
        req,
        id.into_inner(),
        LetterAction::Revoke { reason },
    )
    .await
}

/// A termination review.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TerminationReviewBody {
    pub id: Uuid,
    pub employee_id: Uuid,
    /// The SP3 that opened it.
    pub letter_id: Uuid,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = review_status)]
    pub status: String,
    pub opened_at: DateTime<Utc>,
    /// terminate or retain, once decided.
    pub decision: Option<String>,
    pub note: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl From<TerminationReview> for TerminationReviewBody {
    fn from(r: TerminationReview) -> Self {
        Self {
            id: r.id,
            employee_id: r.employee_id,
            letter_id: r.letter_id,
            site: r.site,
            status: r.status,
            opened_at: r.opened_at,
            decision: r.decision,
            note: r.note,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
        }
    }
}

/// Termination reviews, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TerminationReviewList {
    pub items: Vec<TerminationReviewBody>,
}

/// Filter of the termination reviews.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ReviewQuery {
    #[param(schema_with = review_status)]
    pub status: Option<String>,
}

/// HR's termination reviews (opened by SP3s), newest first (at most 500).
#[utoipa::path(
    get,
    path = "/api/v1/hr/termination-reviews",
    tag = "pembinaan",
    security(("bearer" = [])),
    params(ReviewQuery),
    responses(
        (status = 200, body = TerminationReviewList),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn reviews(
    _caller: Caller,
    hr: web::Data<Hr>,
    query: web::Query<ReviewQuery>,
) -> Result<web::Json<TerminationReviewList>, Problem> {
    let mut f = Fields::new();
    let status = match query.into_inner().status.as_deref() {
        None => Some(None),
        Some(v) => f
            .check(
                "status",
                match v {
                    "open" | "decided" => Ok(v.to_owned()),
                    _ => Err("must be one of: open, decided".to_owned()),
                },
            )
            .map(Some),
    };
    let status = f.finish(status)?;
    let items = app::reviews(&hr, status.as_deref() == Some("open")).await?;
    Ok(web::Json(TerminationReviewList {
        items: items
            .into_iter()
            .filter(|r| status.as_ref().is_none_or(|s| *s == r.status))
            .map(TerminationReviewBody::from)
            .collect(),
    }))
}

/// HR's decision on a termination review.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ReviewDecisionRequest {
    #[schema(required = true, nullable = false, schema_with = review_decision)]
    pub decision: Option<String>,
    /// 1 to 500 characters.
    #[schema(
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub note: Option<String>,
}

/// HR decides a termination review (409 when decided already). Terminating is recorded
/// here; the employee is deactivated with `POST /api/v1/hr/employees/{id}/deactivate`.
/// Publishes `hr.termination_review.decided`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/termination-reviews/{id}/decision",
    tag = "pembinaan",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "termination review id")),
    request_body = ReviewDecisionRequest,
    responses(
        (status = 200, body = TerminationReviewBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn decide_review(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ReviewDecisionRequest>,
) -> Result<web::Json<TerminationReviewBody>, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let terminate = f.required("decision", body.decision.as_deref(), |v| match v {
        "terminate" => Ok(true),
        "retain" => Ok(false),
        _ => Err("must be one of: terminate, retain".to_owned()),
    });
    let note = optional_text(&mut f, "note", body.note.as_deref());
    let (terminate, note) = f.finish((|| Some((terminate?, note?)))())?;
    let review = app::decide_review(&hr, &request, id.into_inner(), terminate, note).await?;
    Ok(web::Json(review.into()))
}

/// One piece of evidence.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceBody {
    #[schema(schema_with = evidence_kind)]
    pub kind: String,
    /// The id of the call, quality RETURN, CABUT mis-sale or attendance day.
    #[schema(min_length = 1, max_length = 100, pattern = r"^[A-Za-z0-9_:.-]+$")]
    pub id: String,
}

/// A coaching or counseling record.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CoachingBody {
    pub id: Uuid,
    pub employee_id: Uuid,
    #[schema(schema_with = schema::site_nullable)]
    pub site: Option<Site>,
    pub team_id: Option<Uuid>,
    #[schema(schema_with = coaching_kind)]
    pub kind: String,
    pub held_on: NaiveDate,
    pub topic: String,
    /// What was agreed.
    pub agreed: String,
    pub follow_up_on: Option<NaiveDate>,
    /// Whether the session left a plan: a counseling plan puts the employee in
    /// pembinaan from `held_on` until it is closed.
    pub plan_open: bool,
    /// The day the plan was closed (it no longer counts from that day); null while open.
    pub plan_closed_on: Option<NaiveDate>,
    pub evidence: Vec<EvidenceBody>,
    pub recorded_by: Uuid,
    #[schema(schema_with = schema::role)]
    pub recorded_by_role: Role,
    pub recorded_at: DateTime<Utc>,
}

impl From<CoachingRecord> for CoachingBody {
    fn from(c: CoachingRecord) -> Self {
        Self {
            id: c.id,
            employee_id: c.employee_id,
            site: c.site,
            team_id: c.team_id,
            kind: c.kind.as_str().to_owned(),
            held_on: c.held_on,
            topic: c.topic,
            agreed: c.agreed,
            follow_up_on: c.follow_up_on,
            plan_open: c.plan_open,
            plan_closed_on: c.plan_closed_on,
            evidence: c
                .evidence
                .into_iter()
                .map(|e| EvidenceBody {
                    kind: e.kind,
                    id: e.id,
                })
                .collect(),
            recorded_by: c.recorded_by,
            recorded_by_role: c.recorded_by_role,
            recorded_at: c.recorded_at,
        }
    }
}

/// Coaching records, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CoachingList {
    pub items: Vec<CoachingBody>,
}

/// A coaching or counseling session to record.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct CoachingRequest {
    /// One of the recorder's people (a team leader's team, a supervisor's site).
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub employee_id: Option<String>,
    #[schema(required = true, nullable = false, schema_with = coaching_kind)]
    pub kind: Option<String>,
    /// Today or before.
    #[schema(required = true, nullable = false, value_type = NaiveDate)]
    pub held_on: Option<String>,
    /// 1 to 500 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub topic: Option<String>,
    /// What was agreed: 1 to 500 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub agreed: Option<String>,
    /// On or after `held_on`.
    #[schema(nullable = false, value_type = NaiveDate)]
    pub follow_up_on: Option<String>,
    /// Leaves an open plan (default false).
    #[schema(nullable = false)]
    pub plan_open: Option<bool>,
    /// At most 20.
    #[schema(nullable = false, max_items = 20)]
    pub evidence: Option<Vec<EvidenceBody>>,
}

impl TryFrom<CoachingRequest> for NewCoaching {
    type Error = Rejection;

    fn try_from(r: CoachingRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let employee_id = f.required("employee_id", r.employee_id.as_deref(), parse_uuid);
        let kind = f.required("kind", r.kind.as_deref(), |v| v.parse::<CoachingKind>());
        let held_on = f.required("held_on", r.held_on.as_deref(), parse_date);
        let topic = f.required("topic", r.topic.as_deref(), parse_reason);
        let agreed = f.required("agreed", r.agreed.as_deref(), parse_reason);
        let follow_up_on = match r.follow_up_on.as_deref() {
            None => Some(None),
            Some(v) => f.check("follow_up_on", parse_date(v)).map(Some),
        };
        let evidence = r.evidence.unwrap_or_default();
        if evidence.len() > 20 {
            f.error("evidence", "at most 20 items");
        }
        for (i, e) in evidence.iter().enumerate() {
            if !EVIDENCE_KIND_CODES.contains(&e.kind.as_str()) {
                f.error(
                    &format!("evidence[{i}].kind"),
                    format!("must be one of: {}", EVIDENCE_KIND_CODES.join(", ")),
                );
            }
            if e.id.is_empty()
                || e.id.len() > 100
                || !e
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_:.-".contains(c))
            {
                f.error(
                    &format!("evidence[{i}].id"),
                    "must be 1 to 100 characters of letters, digits, _ : . -",
                );
            }
        }
        let new = (|| {
            Some(NewCoaching {
                employee_id: employee_id?,
                kind: kind?,
                held_on: held_on?,
                topic: topic?,
                agreed: agreed?,
                follow_up_on: follow_up_on?,
                plan_open: r.plan_open.unwrap_or(false),
                evidence: evidence
                    .into_iter()
                    .map(|e| Evidence {
                        kind: e.kind,
                        id: e.id,
                    })
                    .collect(),
            })
        })();
        f.finish(new)
    }
}

/// Record a coaching or counseling session.
///
/// By a team leader for their own team's people or a site supervisor for their site's
/// (404 for anyone else). 422 `coaching-date` for a day after today or a follow-up
/// before the session. A counseling record with `plan_open` puts the employee in
/// pembinaan while the plan is open. Publishes `hr.coaching.recorded`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/coaching",
    tag = "pembinaan",
    security(("bearer" = [])),
    request_body = CoachingRequest,
    responses(
        (status = 201, body = CoachingBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn record_coaching(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<CoachingRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let new = NewCoaching::try_from(body.into_inner())?;
    let record = app::record_coaching(&hr, &request, new).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/hr/coaching?employee_id={}", record.employee_id),
        ))
        .json(CoachingBody::from(record)))
}

/// The coaching records the caller sees, newest first (at most 500).
///
/// HR, managers and coordinators all; a site supervisor their site's; a team leader
/// their people's; an agent their own.
#[utoipa::path(
    get,
    path = "/api/v1/hr/coaching",
    tag = "pembinaan",
    security(("bearer" = [])),
    params(EmployeeQuery),
    responses(
        (status = 200, body = CoachingList),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn coaching(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<EmployeeQuery>,
) -> Result<web::Json<CoachingList>, Problem> {
    let request = super::request(&caller, &req);
    let employee_id = query.into_inner().parse()?;
    let items = app::coaching(&hr, &request, employee_id).await?;
    Ok(web::Json(CoachingList {
        items: items.into_iter().map(CoachingBody::from).collect(),
    }))
}

/// Close the open plan of a coaching record today (WIB): from today it no longer puts
/// the employee in pembinaan. By the team leader or site supervisor whose people it is
/// about (404 otherwise); 409 when there is no open plan.
#[utoipa::path(
    post,
    path = "/api/v1/hr/coaching/{id}/close",
    tag = "pembinaan",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "coaching record id")),
    responses(
        (status = 200, body = CoachingBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn close_plan(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<CoachingBody>, Problem> {
    let request = super::request(&caller, &req);
    let record = app::close_plan(&hr, &request, id.into_inner()).await?;
    Ok(web::Json(record.into()))
}
