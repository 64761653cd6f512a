//! `/api/v1/quality/score` and `/api/v1/quality/coverage`.

use actix_web::{web, HttpRequest};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{Problem, Program, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use super::{date, id};
use crate::app::{stats as app, Quality};
use crate::domain::invalid_activation::InvalidActivation;
use crate::domain::mis_sale::Finding;
use crate::domain::score::{Month, ScoreFilters};
use crate::domain::{parse_code, Fields, Rejection};

/// The filters a score was computed with (the caller's scope applied).
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ScoreFiltersBody {
    #[schema(schema_with = schema::nullable_site)]
    pub site: Option<Site>,
    #[schema(schema_with = schema::nullable_program)]
    pub program: Option<Program>,
    pub team: Option<Uuid>,
    pub agent: Option<Uuid>,
}

/// The Quality Validation Score of a month (see the service README for what counts).
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ScoreBody {
    /// `YYYY-MM`.
    pub month: String,
    pub filters: ScoreFiltersBody,
    /// AGREE calls of the month (by the call's WIB date): valid + returned + pending.
    pub agree_total: u64,
    /// Current verdict VALID.
    pub valid: u64,
    /// Current verdict RETURN.
    pub returned: u64,
    /// No verdict yet: not in the score.
    pub pending: u64,
    /// valid / (valid + returned) × 100, two decimals; `null` when nothing is judged.
    pub score_pct: Option<f64>,
    pub target_pct: f64,
    /// score_pct ≥ target_pct; `null` without a score.
    pub met: Option<bool>,
    /// The possible mis-sales on the record: mis-sale reviews opened from helpdesk's
    /// CABUT survey in the month (by the WIB day of the survey), within the filters.
    pub mis_sales: MisSalesBody,
    /// The invalid activations on the record: OBC sales of the filters' calls that QC
    /// Tier 2 (helpdesk) found invalid in the month (by the WIB day of the validation).
    pub invalid_activations: InvalidActivationsBody,
}

/// The invalid activations of a score's calls.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct InvalidActivationsBody {
    /// How many.
    pub total: u64,
    /// The activations, oldest first (at most 500).
    pub items: Vec<InvalidActivationBody>,
}

/// One activation QC Tier 2 found invalid (its ticket went back to HD Support).
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct InvalidActivationBody {
    pub id: Uuid,
    /// helpdesk's validation.
    pub validation_id: Uuid,
    /// The activation ticket, reopened at the desk.
    pub ticket_id: Uuid,
    /// Its number.
    pub ticket_number: i64,
    /// The sales channel (`obc`).
    pub channel: String,
    pub call_id: Uuid,
    /// The call's tapping task, when quality has it.
    pub task_id: Option<Uuid>,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    #[schema(schema_with = schema::nullable_site)]
    pub site: Option<Site>,
    /// The call's program, when quality tapped the call.
    #[schema(schema_with = schema::nullable_program)]
    pub program: Option<Program>,
    pub product_code: Option<String>,
    /// The checklist items that failed (critical first).
    pub failed_items: Vec<String>,
    /// What QC Tier 2 found.
    pub findings: String,
    /// The QC Tier 2 employee.
    pub validated_by: Uuid,
    pub validated_at: DateTime<Utc>,
}

impl From<InvalidActivation> for InvalidActivationBody {
    fn from(a: InvalidActivation) -> Self {
        Self {
            id: a.id,
            validation_id: a.validation_id,
            ticket_id: a.ticket_id,
            ticket_number: a.ticket_number,
            channel: a.channel,
            call_id: a.call_id,
            task_id: a.task_id,
            agent_id: a.agent_id,
            team_id: a.team_id,
            site: a.site,
            program: a.program,
            product_code: a.product_code,
            failed_items: a.failed_items,
            findings: a.findings,
            validated_by: a.validated_by,
            validated_at: a.validated_at,
        }
    }
}

/// The mis-sale reviews of a score's calls.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct MisSalesBody {
    /// Reviews opened (every suspicion, decided or not).
    pub suspected: u64,
    /// Decided `mis_sale`.
    pub confirmed: u64,
    /// Decided `not_mis_sale`.
    pub cleared: u64,
    /// Not decided yet.
    pub pending: u64,
    /// The reviews, oldest first (at most 500).
    pub items: Vec<super::mis_sales::MisSaleReviewBody>,
}

/// The month and optional filters of a score.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ScoreQuery {
    /// `YYYY-MM` (required).
    #[param(required = true, value_type = String, pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub month: Option<String>,
    /// A site (site-bound callers: only their own).
    #[param(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    #[param(schema_with = tam_auth::openapi::program)]
    pub program: Option<String>,
    /// A team id (a team leader: only their own).
    #[param(value_type = Option<uuid::Uuid>)]
    pub team: Option<String>,
    /// An agent id (an agent: only themself).
    #[param(value_type = Option<uuid::Uuid>)]
    pub agent: Option<String>,
}

impl ScoreQuery {
    fn parse(self) -> Result<(Month, ScoreFilters), Rejection> {
        let mut f = Fields::new();
        let month = f.required("month", self.month.as_deref(), Month::parse);
        let mut optional =
            |field: &str, value: Option<&str>, parse: &dyn Fn(&str) -> Result<(), String>| {
                if let Some(v) = value {
                    f.check(field, parse(v));
                }
            };
        optional("site", self.site.as_deref(), &|v| {
            parse_code::<Site>(v, Site::CODES).map(|_| ())
        });
        optional("program", self.program.as_deref(), &|v| {
            parse_code::<Program>(v, Program::CODES).map(|_| ())
        });
        optional("team", self.team.as_deref(), &|v| id(v).map(|_| ()));
        optional("agent", self.agent.as_deref(), &|v| id(v).map(|_| ()));
        let filters = ScoreFilters {
            site: self.site.as_deref().and_then(|v| v.trim().parse().ok()),
            program: self.program.as_deref().and_then(|v| v.trim().parse().ok()),
            team: self.team.as_deref().and_then(|v| id(v).ok()),
            agent: self.agent.as_deref().and_then(|v| id(v).ok()),
        };
        f.finish(month.map(|m| (m, filters)))
    }
}

/// The Quality Validation Score of a month: AGREE calls by the WIB date of the call,
/// their current verdicts, valid / (valid + returned) against the 95% target.
///
/// Scoped to the caller: an agent their own calls, a team leader their team, site roles
/// their site, all-site roles anything. A filter naming another site, team or agent than
/// the caller's own answers 404.
#[utoipa::path(
    get,
    path = "/api/v1/quality/score",
    tag = "score",
    security(("bearer" = [])),
    params(ScoreQuery),
    responses(
        (status = 200, body = ScoreBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn score(
    caller: Caller,
    q: web::Data<Quality>,
    req: HttpRequest,
    query: web::Query<ScoreQuery>,
) -> Result<web::Json<ScoreBody>, Problem> {
    let request = super::request(&caller, &req);
    let (month, wanted) = query.into_inner().parse()?;
    let (filters, s) = app::score(&q, &request, month, wanted).await?;
    let reviews = app::mis_sales(&q, month, filters).await?;
    let finding = |f| reviews.iter().filter(|r| r.finding == Some(f)).count() as u64;
    let mis_sales = MisSalesBody {
        suspected: reviews.len() as u64,
        confirmed: finding(Finding::MisSale),
        cleared: finding(Finding::NotMisSale),
        pending: reviews.iter().filter(|r| r.finding.is_none()).count() as u64,
        items: reviews
            .into_iter()
            .map(super::mis_sales::MisSaleReviewBody::from)
            .collect(),
    };
    let invalid = app::invalid_activations(&q, month, filters).await?;
    let invalid_activations = InvalidActivationsBody {
        total: invalid.len() as u64,
        items: invalid
            .into_iter()
            .map(InvalidActivationBody::from)
            .collect(),
    };
    Ok(web::Json(ScoreBody {
        month: month.label(),
        filters: ScoreFiltersBody {
            site: filters.site,
            program: filters.program,
            team: filters.team,
            agent: filters.agent,
        },
        agree_total: s.agree_total,
        valid: s.valid,
        returned: s.returned,
        pending: s.pending,
        score_pct: s.score_pct,
        target_pct: s.target_pct,
        met: s.met,
        mis_sales,
        invalid_activations,
    }))
}

/// The tasks of a site's day not tapped yet, by status.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct NotTappedBody {
    pub total: u64,
    pub awaiting_recording: u64,
    pub waiting: u64,
    pub claimed: u64,
}

/// One site's tapping of the day.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct SiteCoverageBody {
    #[schema(schema_with = schema::site)]
    pub site: Site,
    /// AGREE calls of the day (WIB date of the call).
    pub agree_calls: u64,
    /// Of those, with a verdict.
    pub tapped: u64,
    pub not_tapped: NotTappedBody,
    /// The oldest task of the site waiting to be claimed (or claimed under an expired
    /// lease) that was created before the end of the day, whatever day its call was.
    pub oldest_waiting_created_at: Option<DateTime<Utc>>,
    /// Its age now, in whole minutes.
    pub oldest_waiting_age_minutes: Option<i64>,
}

/// The tapping coverage of a day.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CoverageBody {
    pub day: NaiveDate,
    pub as_of: DateTime<Utc>,
    /// Every site in the caller's scope.
    pub sites: Vec<SiteCoverageBody>,
}

/// The day of a coverage.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// `YYYY-MM-DD` (WIB); today in WIB when absent.
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub day: Option<String>,
}

/// How many AGREE calls of a day are not tapped yet, and the oldest waiting task, per
/// site in the caller's scope.
#[utoipa::path(
    get,
    path = "/api/v1/quality/coverage",
    tag = "score",
    security(("bearer" = [])),
    params(CoverageQuery),
    responses(
        (status = 200, body = CoverageBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn coverage(
    caller: Caller,
    q: web::Data<Quality>,
    req: HttpRequest,
    query: web::Query<CoverageQuery>,
) -> Result<web::Json<CoverageBody>, Problem> {
    let request = super::request(&caller, &req);
    let day = match query.into_inner().day.as_deref() {
        None => None,
        Some(v) => Some(date(v).map_err(|reason| Rejection::field("day", reason))?),
    };
    let (day, now, rows) = app::coverage(&q, &request, day).await?;
    Ok(web::Json(CoverageBody {
        day,
        as_of: now,
        sites: rows
            .into_iter()
            .map(|c| SiteCoverageBody {
                site: c.site,
                agree_calls: c.agree_calls,
                tapped: c.tapped,
                not_tapped: NotTappedBody {
                    total: c.awaiting_recording + c.waiting + c.claimed,
                    awaiting_recording: c.awaiting_recording,
                    waiting: c.waiting,
                    claimed: c.claimed,
                },
                oldest_waiting_created_at: c.oldest_waiting,
                oldest_waiting_age_minutes: c.oldest_waiting.map(|at| (now - at).num_minutes()),
            })
            .collect(),
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn score_queries() {
        let (month, f) = ScoreQuery {
            month: Some("2026-03".into()),
            site: Some("medan".into()),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(month.label(), "2026-03");
        assert_eq!(f.site, Some(Site::Medan));
        let Err(Rejection::Invalid(errors)) = ScoreQuery {
            month: None,
            site: Some("jakarta".into()),
            program: Some("x".into()),
            team: Some("y".into()),
            agent: Some("z".into()),
        }
        .parse() else {
            panic!("expected errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["month", "site", "program", "team", "agent"]);
    }
}
