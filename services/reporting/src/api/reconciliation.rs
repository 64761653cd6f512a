//! Reconciliation over HTTP: a day's check, live, and the recorded daily runs.

use actix_web::web;
use serde::{Deserialize, Serialize};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{parse_date, Fields, Problem};
use utoipa::{IntoParams, ToSchema};

use crate::reconcile::source::SourceError;
use crate::reconcile::{self, CheckError, Reconciler, Run};

/// `?day=YYYY-MM-DD`.
#[derive(Debug, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// The WIB day to check (required).
    #[param(value_type = chrono::NaiveDate)]
    pub day: Option<String>,
}

/// The recorded daily runs.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunList {
    /// Newest day first (the last 100).
    pub runs: Vec<Run>,
}

fn problem(error: CheckError) -> Problem {
    match error {
        CheckError::Source(SourceError::NoCredential) => {
            Problem::service_unavailable(SourceError::NoCredential.to_string())
        }
        CheckError::Source(error) => Problem::bad_gateway().with_detail(error.to_string()),
        CheckError::Reporting(error) => error.into(),
    }
}

/// Reconcile a WIB day now: reporting's totals against the source services' own counts.
///
/// Manager, coordinator, admin. Every figure both sides have (calling: calls started,
/// results per outcome and their total, calls abandoned; helpdesk: tickets opened;
/// quality: verdicts, VALID, RETURN), each with reporting's value, the source's and the
/// difference; `differences` counts those that differ. Both sides count a fact on the
/// WIB day of the event that made it true. 400 without a valid `day`; 503 when no
/// service credential is configured (`TAM_RECONCILE_USERNAME`/`_PASSWORD`); 502 when a
/// source cannot be read.
#[utoipa::path(
    get,
    path = "/api/v1/reporting/reconciliation",
    tag = "reconciliation",
    security(("bearer" = [])),
    params(DayQuery),
    responses(
        (status = 200, body = reconcile::Reconciliation),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 502, body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn check(
    _caller: Caller,
    r: web::Data<Reconciler>,
    query: web::Query<DayQuery>,
) -> Result<web::Json<reconcile::Reconciliation>, Problem> {
    let mut f = Fields::new();
    let day = f.required("day", query.into_inner().day.as_deref(), parse_date);
    let day = f.finish(day)?;
    Ok(web::Json(r.check(day).await.map_err(problem)?))
}

/// The daily reconciliation runs (yesterday's, run after 01:00 WIB by one replica).
///
/// Manager, coordinator, admin. Newest first, with every figure compared; a run still
/// going or whose last attempt failed has no `checked_at` (and the failure's `error`).
#[utoipa::path(
    get,
    path = "/api/v1/reporting/reconciliation/runs",
    tag = "reconciliation",
    security(("bearer" = [])),
    responses((status = 200, body = RunList))
)]
pub async fn runs(
    _caller: Caller,
    r: web::Data<Reconciler>,
) -> Result<web::Json<RunList>, Problem> {
    let mut conn = r.pool.get().await.map_err(crate::Error::from)?;
    let runs = reconcile::runs(&mut conn, 100).await?;
    Ok(web::Json(RunList { runs }))
}
