//! The CABUT reasons breakdown the activation report carries:
//! `GET /api/v1/reporting/cabut-reasons`, with the family reports' parameters (read by
//! `reports::parse` for the activation family: the same days, periods, groupings,
//! filters and scope), as JSON or CSV.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use anyhow::Context;
use chrono::NaiveDate;
use serde::Serialize;
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::Problem;
use utoipa::ToSchema;

use super::params::{self, Format};
use super::reports::{parse, ReportParams};
use super::Reporting;
use crate::families::activation::{self, CabutReasonRow};

/// The breakdown: surveyed CABUT cases per main reason, per period and group.
#[derive(Debug, Serialize, ToSchema)]
pub struct CabutReasons {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[schema(pattern = "^(day|week|month|range)$")]
    pub period: String,
    #[schema(pattern = "^(total|agent|team|site|program)$")]
    pub group_by: String,
    /// Sorted by period, group, then most cases first.
    pub rows: Vec<CabutReasonRow>,
}

fn csv(rows: &[CabutReasonRow]) -> crate::Result<Vec<u8>> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    out.write_record([
        "period_start",
        "period_end",
        "group_kind",
        "group_id",
        "group_label",
        "reason",
        "cases",
    ])
    .context("writing the CSV header")?;
    for r in rows {
        out.write_record([
            r.period_start.to_string(),
            r.period_end.to_string(),
            r.group.kind.to_owned(),
            r.group.id.clone().unwrap_or_default(),
            r.group.label.clone(),
            r.reason.clone(),
            r.cases.to_string(),
        ])
        .context("writing a CSV row")?;
    }
    Ok(out.into_inner().context("finishing the CSV")?)
}

/// The CABUT reasons: how many surveyed cancellation cases gave each main reason
/// (helpdesk.cabut.case_surveyed, on the WIB day of the survey), per period and group.
///
/// The activation report's parameters and scope: all-site roles every site, site roles
/// their site, a team leader their team, an agent their own sales' cases (a case of
/// another channel has no agent, team or program: only all-site roles see it, under
/// its site if it has one). JSON by default, `format=csv` or `Accept: text/csv` for
/// CSV; XLSX is not offered here (400).
#[utoipa::path(
    get,
    path = "/api/v1/reporting/cabut-reasons",
    tag = "reports",
    security(("bearer" = [])),
    params(ReportParams),
    responses(
        (status = 200, description = "the breakdown", content(
            (CabutReasons = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn cabut_reasons(
    caller: Caller,
    state: web::Data<Reporting>,
    req: HttpRequest,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    let (query, format) = parse(&activation::FAMILY, &request.actor, &params, accept)?;
    if format == Format::Xlsx {
        return Err(Problem::invalid_query(
            "format: the CABUT reasons are served as json or csv",
        ));
    }
    let mut conn = state.pool.get().await.map_err(crate::Error::from)?;
    let rows = activation::cabut_reasons(&mut conn, &query).await?;
    drop(conn);
    if format == Format::Csv {
        let body = csv(&rows)?;
        return Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"cabut-reasons-{}-{}.csv\"",
                    query.from, query.to
                ),
            ))
            .body(body));
    }
    Ok(HttpResponse::Ok().json(CabutReasons {
        from: query.from,
        to: query.to,
        period: params::period_str(query.period).to_owned(),
        group_by: query.group_by.as_str().to_owned(),
        rows,
    }))
}
