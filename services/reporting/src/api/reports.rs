//! The KPI list and the family reports: `GET /api/v1/reporting/kpis` and one route per
//! family (`GET /api/v1/reporting/outbound`, `/quality`, `/activation`, `/disruptions`,
//! `/workforce`), as JSON, CSV or XLSX.
//!
//! One literal route per family rather than a `{family}` pattern: the one policy table
//! refuses two rows that answer the same request, and `/api/v1/reporting/{family}`
//! would answer `/kpis`, `/packs` and `/reconciliation` too. A family that does not
//! exist is a path no route has: 404.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{Fields, Problem};
use utoipa::{IntoParams, ToSchema};

use super::params::{self, Format};
use super::Reporting;
use crate::families::{self, Family};
use crate::kpi::{GroupKey, KpiDef, Report};
use crate::query::{Grouping, Period, ReportQuery};

/// Every KPI of every family.
#[derive(Debug, Serialize, ToSchema)]
pub struct KpiList {
    pub kpis: Vec<KpiDef>,
}

/// Every KPI, with its family, unit, written definition and target (the same text as
/// docs/kpis.md).
#[utoipa::path(
    get,
    path = "/api/v1/reporting/kpis",
    tag = "reports",
    security(("bearer" = [])),
    responses((status = 200, body = KpiList))
)]
pub async fn kpis(_caller: Caller) -> web::Json<KpiList> {
    web::Json(KpiList {
        kpis: families::kpis().copied().collect(),
    })
}

/// What a report is asked for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// The first WIB day, `YYYY-MM-DD` (with `to`; or `month`).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// The last WIB day, inclusive (366 days at most, `from` included).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
    /// A whole month, `YYYY-MM`, instead of `from` and `to`.
    #[param(value_type = Option<String>, pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub month: Option<String>,
    /// The bucket of each row: `day`, `week` (ISO, Monday to Sunday), `month` or
    /// `range` (one bucket, the default).
    #[param(value_type = Option<String>, pattern = "^(day|week|month|range)$")]
    pub period: Option<String>,
    /// What each row is about: `total` (the default), `agent`, `team`, `site`,
    /// `program` or `work_order`; a family answers only its own groupings (400 names
    /// them).
    #[param(value_type = Option<String>, pattern = "^(total|agent|team|site|program|work_order)$")]
    pub group_by: Option<String>,
    /// Only this site (within the caller's scope, else 403).
    #[param(value_type = Option<String>)]
    pub site: Option<String>,
    /// Only this program.
    #[param(value_type = Option<String>)]
    pub program: Option<String>,
    /// Only this team (a team leader: their own, else 403).
    #[param(value_type = Option<String>, format = Uuid)]
    pub team: Option<String>,
    /// Only this agent (an agent: themselves, else 403).
    #[param(value_type = Option<String>, format = Uuid)]
    pub agent: Option<String>,
    /// Only this work order.
    #[param(value_type = Option<String>, format = Uuid)]
    pub work_order: Option<String>,
    /// `json`, `csv` or `xlsx`; without it the `Accept` header chooses (`text/csv`, the
    /// XLSX type), else JSON.
    #[param(value_type = Option<String>, pattern = "^(json|csv|xlsx)$")]
    pub format: Option<String>,
}

/// One row of a report.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowBody {
    /// The bucket's first WIB day.
    pub period_start: NaiveDate,
    /// Its last WIB day.
    pub period_end: NaiveDate,
    pub group: GroupKey,
    /// One value per column, by KPI key: ratios as fractions, durations in seconds;
    /// `null` when undefined (a rate over zero).
    pub values: BTreeMap<String, Option<f64>>,
}

/// A family's report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportBody {
    pub family: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[schema(pattern = "^(day|week|month|range)$")]
    pub period: String,
    #[schema(pattern = "^(total|agent|team|site|program|work_order)$")]
    pub group_by: String,
    /// The KPI columns, in order.
    pub columns: Vec<KpiDef>,
    /// Sorted by period, then group.
    pub rows: Vec<RowBody>,
}

impl ReportBody {
    fn of(report: &Report, query: &ReportQuery) -> Self {
        Self {
            family: report.family.to_owned(),
            from: query.from,
            to: query.to,
            period: params::period_str(query.period).to_owned(),
            group_by: query.group_by.as_str().to_owned(),
            columns: report.columns.iter().map(|c| **c).collect(),
            rows: report
                .rows
                .iter()
                .map(|row| RowBody {
                    period_start: row.period_start,
                    period_end: row.period_end,
                    group: row.group.clone(),
                    values: report
                        .columns
                        .iter()
                        .zip(&row.values)
                        .map(|(c, v)| (c.key.to_owned(), v.filter(|v| v.is_finite())))
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Reads `params` for `family` as `actor`: the validated query (400 listing every bad
/// parameter; then 403 for a scope the token lacks or a filter beyond it) and the
/// format.
pub fn parse(
    family: &Family,
    actor: &tam_kernel::Actor,
    params: &ReportParams,
    accept: Option<&str>,
) -> Result<(ReportQuery, Format), Problem> {
    let mut f = Fields::new();
    let days = params::days(
        &mut f,
        params.from.as_deref(),
        params.to.as_deref(),
        params.month.as_deref(),
    );
    let period = match params.period.as_deref() {
        None => Some(Period::Range),
        Some(v) => f.check("period", params::period(v)),
    };
    let group_by = match params.group_by.as_deref() {
        None => Some(Grouping::Total),
        Some(v) => f.check("group_by", params::grouping(family, v)),
    };
    let filters = params::filters(
        &mut f,
        params.site.as_deref(),
        params.program.as_deref(),
        params.team.as_deref(),
        params.agent.as_deref(),
        params.work_order.as_deref(),
    );
    let format = f.check("format", params::format(params.format.as_deref(), accept));
    let ((from, to), period, group_by, format) =
        f.finish((|| Some((days?, period?, group_by?, format?)))())?;
    // A malformed request is a 400 whoever sends it; then the scope.
    let scope = params::scope_of(actor)?;
    params::check_in_scope(scope, &filters, actor)?;
    Ok((
        ReportQuery {
            from,
            to,
            period,
            group_by,
            scope,
            site: filters.site,
            program: filters.program,
            team: filters.team,
            agent: filters.agent,
            work_order: filters.work_order,
        },
        format,
    ))
}

/// `family`'s report for the request, in the format asked for.
async fn answer(
    family: &'static str,
    caller: Caller,
    state: web::Data<Reporting>,
    req: HttpRequest,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, Problem> {
    let family = families::family(family).ok_or_else(|| Problem::not_found("no such report"))?;
    let request = super::request(&caller, &req);
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    let (query, format) = parse(family, &request.actor, &params, accept)?;
    let mut conn = state.pool.get().await.map_err(crate::Error::from)?;
    let report = families::report(&mut conn, family, &query).await?;
    drop(conn);
    let filename = format!(
        "{}-{}-{}.{}",
        family.key,
        query.from,
        query.to,
        format.extension()
    );
    let (body, content_type) = match format {
        Format::Json => return Ok(HttpResponse::Ok().json(ReportBody::of(&report, &query))),
        Format::Csv => (
            crate::render::csv::report(&report)?,
            "text/csv; charset=utf-8",
        ),
        Format::Xlsx => (crate::render::xlsx::report(&report)?, params::XLSX),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body))
}

/// One handler per family (see the module's doc): the same parameters and answer.
macro_rules! family_report {
    ($name:ident, $key:literal, $path:literal, $doc:literal) => {
        #[doc = $doc]
        ///
        /// Scoped to the caller: all-site roles every site, site roles their site, a
        /// team leader their team, an agent their own figures (403 for a token without
        /// the site or team its role reads, and for a filter beyond the scope). The
        /// days are WIB days of when things happened; at most 366. JSON by default;
        /// `format=csv|xlsx` or `Accept: text/csv` / the XLSX type for a file
        /// (`Content-Disposition: attachment`).
        #[utoipa::path(
            get,
            path = $path,
            tag = "reports",
            security(("bearer" = [])),
            params(ReportParams),
            responses(
                (status = 200, description = "the report", content(
                    (ReportBody = "application/json"),
                    (String = "text/csv"),
                    (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                )),
                (status = 400, body = ProblemBody, content_type = "application/problem+json"),
                (status = 403, body = ProblemBody, content_type = "application/problem+json"),
            )
        )]
        pub async fn $name(
            caller: Caller,
            state: web::Data<Reporting>,
            req: HttpRequest,
            params: web::Query<ReportParams>,
        ) -> Result<HttpResponse, Problem> {
            answer($key, caller, state, req, params).await
        }
    };
}

family_report!(
    outbound,
    "outbound",
    "/api/v1/reporting/outbound",
    "Outbound calling: calls, contacts and their rates, outcomes, call duration, FOLLOW UP adherence and yield, list penetration and exhaustion, abandoned calls."
);
family_report!(
    quality,
    "quality",
    "/api/v1/reporting/quality",
    "Quality: the Quality Validation Score, RETURNs and re-call success, tapping coverage and turnaround."
);
family_report!(
    activation,
    "activation",
    "/api/v1/reporting/activation",
    "Activation: sale-to-activation rate and lead time, SLA compliance and breaches per stage, CABUT rate and reasons, QC Tier 2 validity."
);
family_report!(
    disruptions,
    "disruptions",
    "/api/v1/reporting/disruptions",
    "IT disruptions: how many, their minutes, P1s, per site."
);
family_report!(
    workforce,
    "workforce",
    "/api/v1/reporting/workforce",
    "Workforce: SDM fulfilment against CAPLAN, attendance, hours present and sales per hour present."
);

/// Every family's route: `(family key, path)`, in `families::FAMILIES` order (a test
/// checks that every family has one).
pub const FAMILY_PATHS: &[(&str, &str)] = &[
    ("outbound", "/api/v1/reporting/outbound"),
    ("quality", "/api/v1/reporting/quality"),
    ("activation", "/api/v1/reporting/activation"),
    ("disruptions", "/api/v1/reporting/disruptions"),
    ("workforce", "/api/v1/reporting/workforce"),
];

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_family_has_its_route() {
        let keys: Vec<&str> = families::FAMILIES.iter().map(|f| f.key).collect();
        let routed: Vec<&str> = FAMILY_PATHS.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, routed);
        for (key, path) in FAMILY_PATHS {
            assert_eq!(*path, format!("/api/v1/reporting/{key}"));
        }
    }
}
