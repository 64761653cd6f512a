//! `/api/v1/hr/certifications`: who may call which program until when; prior
//! certifications for training before the suite; those expiring soon; revocation.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{Problem, Program};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::certification::{self, PriorCertification};
use crate::app::Hr;
use crate::domain::employee::parse_code;
use crate::domain::training::{Certification, CertificationSource};
use crate::domain::Fields;
use crate::store::certification::CertificationFilter;

fn source_schema() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(
        CertificationSource::CODES,
        "where the certification comes from",
    )
}

/// A certification: its holder may call `program` on every WIB day from `valid_from`
/// to `valid_until` (both included) unless it is revoked.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CertificationBody {
    pub id: Uuid,
    pub employee_id: Uuid,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    #[schema(schema_with = source_schema)]
    pub source: CertificationSource,
    /// The class passed (source `class`).
    pub class_id: Option<Uuid>,
    /// Why a prior certification was recorded.
    pub reason: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<Certification> for CertificationBody {
    fn from(c: Certification) -> Self {
        Self {
            id: c.id,
            employee_id: c.employee_id,
            program: c.program,
            valid_from: c.valid_from,
            valid_until: c.valid_until,
            source: c.source,
            class_id: c.class_id,
            reason: c.reason,
            revoked_at: c.revoked_at,
            created_at: c.created_at,
        }
    }
}

/// Certifications.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CertificationList {
    pub items: Vec<CertificationBody>,
}

/// Certifications ending soon.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ExpiringList {
    /// Today (WIB).
    pub from: NaiveDate,
    /// The last day looked at (today + 30).
    pub until: NaiveDate,
    /// Not renewed, soonest first.
    pub items: Vec<CertificationBody>,
}

fn parse_reason(value: &str) -> Result<String, String> {
    let reason = value.trim_matches(' '); // the pattern allows other whitespace
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err("must be 1 to 500 characters".to_owned());
    }
    if reason.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(reason.to_owned())
}

/// A certification from training before the suite.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct PriorCertificationRequest {
    /// A working employee of the trainer's site.
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub employee_id: Option<String>,
    #[schema(required = true, nullable = false, schema_with = schema::program)]
    pub program: Option<String>,
    /// The first day it is valid (the day of that training).
    #[schema(required = true, nullable = false, value_type = String, format = Date, example = "2026-06-01")]
    pub valid_from: Option<String>,
    /// The last day; `valid_from` + `TAM_CERTIFICATION_VALIDITY_DAYS` - 1 when absent.
    /// 422 `invalid-validity` before `valid_from`.
    #[schema(nullable = false, value_type = String, format = Date, example = "2027-05-31")]
    pub valid_until: Option<String>,
    /// Why (where and when they were trained), 1 to 500 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub reason: Option<String>,
}

/// Record a prior certification.
///
/// For staff trained before the suite: a trainer of the employee's site (or an admin;
/// 403 otherwise) records it with a reason. Publishes `hr.certification.granted`. 422
/// `not-enrollable` (no working employee), `invalid-validity`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/certifications",
    tag = "training",
    security(("bearer" = [])),
    request_body = PriorCertificationRequest,
    responses(
        (status = 201, body = CertificationBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn record_prior(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<PriorCertificationRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let r = body.into_inner();
    let mut f = Fields::new();
    let employee_id = f.required(
        "employee_id",
        r.employee_id.as_deref(),
        tam_kernel::parse_uuid,
    );
    let program = f.required("program", r.program.as_deref(), |v| {
        parse_code(v, Program::CODES)
    });
    let valid_from = f.required(
        "valid_from",
        r.valid_from.as_deref(),
        tam_kernel::parse_date,
    );
    let valid_until = match r.valid_until.as_deref() {
        None => Some(None),
        Some(v) => f.check("valid_until", tam_kernel::parse_date(v)).map(Some),
    };
    let reason = f.required("reason", r.reason.as_deref(), parse_reason);
    let prior = f.finish((|| {
        Some(PriorCertification {
            employee_id: employee_id?,
            program: program?,
            valid_from: valid_from?,
            valid_until: valid_until?,
            reason: reason?,
        })
    })())?;
    let cert = certification::record_prior(&hr, &request, prior).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/hr/certifications?employee_id={}", cert.employee_id),
        ))
        .json(CertificationBody::from(cert)))
}

/// Filters of the certification list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct CertificationQuery {
    /// Only this employee's.
    #[param(value_type = Option<Uuid>)]
    pub employee_id: Option<String>,
    /// Only this program's.
    #[param(schema_with = tam_auth::openapi::program)]
    pub program: Option<String>,
    /// Only those valid on this WIB day.
    #[param(value_type = Option<String>, format = Date)]
    pub valid_on: Option<String>,
}

/// List the certifications the caller sees, latest end first (at most 500): trainers
/// and supervisor_ops their site's employees', managers and coordinators all, agents
/// and team leaders their own.
#[utoipa::path(
    get,
    path = "/api/v1/hr/certifications",
    tag = "training",
    security(("bearer" = [])),
    params(CertificationQuery),
    responses(
        (status = 200, body = CertificationList),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<CertificationQuery>,
) -> Result<web::Json<CertificationList>, Problem> {
    let request = super::request(&caller, &req);
    let q = query.into_inner();
    let mut f = Fields::new();
    let employee_id = match q.employee_id.as_deref() {
        None => Some(None),
        Some(v) => f.check("employee_id", tam_kernel::parse_uuid(v)).map(Some),
    };
    let program = match q.program.as_deref() {
        None => Some(None),
        Some(v) => f.check("program", parse_code(v, Program::CODES)).map(Some),
    };
    let valid_on = match q.valid_on.as_deref() {
        None => Some(None),
        Some(v) => f.check("valid_on", tam_kernel::parse_date(v)).map(Some),
    };
    let filter = f.finish((|| {
        Some(CertificationFilter {
            employee_id: employee_id?,
            program: program?,
            valid_on: valid_on?,
        })
    })())?;
    let items = certification::list(&hr, &request, filter).await?;
    Ok(web::Json(CertificationList {
        items: items.into_iter().map(CertificationBody::from).collect(),
    }))
}

/// Certifications expiring in the next 30 days.
///
/// Those the caller sees whose last day is today (WIB) or within the next 30 days, not
/// revoked and not renewed (no later certification of the program), soonest first:
/// for trainers and supervisor_ops (their site), managers and coordinators (all).
#[utoipa::path(
    get,
    path = "/api/v1/hr/certifications/expiring",
    tag = "training",
    security(("bearer" = [])),
    responses(
        (status = 200, body = ExpiringList),
    )
)]
pub async fn expiring(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
) -> Result<web::Json<ExpiringList>, Problem> {
    let request = super::request(&caller, &req);
    let (from, until, items) = certification::expiring(&hr, &request).await?;
    Ok(web::Json(ExpiringList {
        from,
        until,
        items: items.into_iter().map(CertificationBody::from).collect(),
    }))
}

/// Why a certification is revoked.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct RevokeRequest {
    /// 1 to 500 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub reason: Option<String>,
}

/// Revoke a certification.
///
/// A trainer of the holder's site (or an admin; 403 otherwise), with a reason: from now
/// on it does not let its holder call. Publishes `hr.certification.revoked`. 409 when
/// already revoked.
#[utoipa::path(
    post,
    path = "/api/v1/hr/certifications/{id}/revoke",
    tag = "training",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "certification id")),
    request_body = RevokeRequest,
    responses(
        (status = 200, body = CertificationBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn revoke(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<RevokeRequest>,
) -> Result<web::Json<CertificationBody>, Problem> {
    let request = super::request(&caller, &req);
    let mut f = Fields::new();
    let reason = f.required("reason", body.reason.as_deref(), parse_reason);
    let reason = f.finish(reason)?;
    let cert = certification::revoke(&hr, &request, id.into_inner(), reason).await?;
    Ok(web::Json(cert.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_trimmed_and_bounded() {
        assert_eq!(
            parse_reason("  trained 2025 "),
            Ok("trained 2025".to_owned())
        );
        assert!(parse_reason(" ").is_err());
        assert!(parse_reason(&"x".repeat(501)).is_err());
        assert!(parse_reason("a\u{7}b").is_err());
    }
}
