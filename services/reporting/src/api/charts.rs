//! `GET /api/v1/reporting/charts/{kpi}`: a KPI's daily series (the total within the
//! caller's scope and filters) against its target line, as PNG or SVG. The days, the
//! filters and the scope are read by the same functions as the family reports
//! (`api::params`).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{Fields, Problem};
use utoipa::IntoParams;

use super::params;
use super::Reporting;
use crate::families;
use crate::kpi::{KpiDef, Report};
use crate::query::{Grouping, Period, ReportQuery};
use crate::render::chart::{self, Series, MAX_SIZE, MIN_SIZE};

/// The default size of a chart, in pixels.
pub const DEFAULT_WIDTH: u32 = 960;
pub const DEFAULT_HEIGHT: u32 = 480;

/// What a chart is asked for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ChartParams {
    /// The first WIB day, `YYYY-MM-DD` (with `to`; or `month`).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// The last WIB day, inclusive (366 days at most).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
    /// A whole month, `YYYY-MM`, instead of `from` and `to`.
    #[param(value_type = Option<String>, pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub month: Option<String>,
    /// Only this site (within the caller's scope, else 403).
    #[param(value_type = Option<String>)]
    pub site: Option<String>,
    /// Only this program.
    #[param(value_type = Option<String>)]
    pub program: Option<String>,
    /// Only this team.
    #[param(value_type = Option<String>, format = Uuid)]
    pub team: Option<String>,
    /// Only this agent.
    #[param(value_type = Option<String>, format = Uuid)]
    pub agent: Option<String>,
    /// Only this work order.
    #[param(value_type = Option<String>, format = Uuid)]
    pub work_order: Option<String>,
    /// `png` or `svg`; without it the `Accept` header chooses (`image/svg+xml`), else PNG.
    #[param(value_type = Option<String>, pattern = "^(png|svg)$")]
    pub format: Option<String>,
    /// Pixels, 200 to 4000 (default 960).
    #[param(value_type = Option<u32>, minimum = 200, maximum = 4000)]
    pub width: Option<String>,
    /// Pixels, 200 to 4000 (default 480).
    #[param(value_type = Option<u32>, minimum = 200, maximum = 4000)]
    pub height: Option<String>,
}

/// What a chart is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Svg,
}

/// `format=png|svg` wins; else the first image type of `Accept` served; else PNG.
pub fn image_format(format: Option<&str>, accept: Option<&str>) -> Result<ImageFormat, String> {
    if let Some(v) = format {
        return match v.trim() {
            "png" => Ok(ImageFormat::Png),
            "svg" => Ok(ImageFormat::Svg),
            _ => Err("must be png or svg".to_owned()),
        };
    }
    for item in accept.unwrap_or("").split(',') {
        let mut parts = item.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        if parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000")) {
            continue;
        }
        match media.as_str() {
            "image/png" => return Ok(ImageFormat::Png),
            "image/svg+xml" => return Ok(ImageFormat::Svg),
            _ => {}
        }
    }
    Ok(ImageFormat::Png)
}

/// A size in pixels, [`MIN_SIZE`] to [`MAX_SIZE`].
pub fn pixels(v: &str) -> Result<u32, String> {
    v.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (MIN_SIZE..=MAX_SIZE).contains(n))
        .ok_or_else(|| format!("must be a whole number of pixels, {MIN_SIZE} to {MAX_SIZE}"))
}

/// `kpi`'s value on every day `from..=to` of a `period=day, group_by=total` report
/// (`None` on a day without a row or without a value).
pub fn series_of(report: &Report, kpi: &'static KpiDef, from: NaiveDate, to: NaiveDate) -> Series {
    let mut points = Vec::new();
    let mut day = from;
    while day <= to {
        let value = report
            .rows
            .iter()
            .find(|r| r.period_start == day)
            .and_then(|r| report.value(r, kpi.key));
        points.push((day, value));
        day += Duration::days(1);
    }
    Series { kpi, points }
}

/// A KPI's daily trend against its target, as PNG or SVG.
///
/// The total of each WIB day within the caller's scope (all-site roles every site, site
/// roles their site, a team leader their team, an agent their own figures) and the
/// filters; a ratio reads in percent. 404 for a KPI no family has; 400 listing every bad
/// parameter; 403 for a filter beyond the scope.
#[utoipa::path(
    get,
    path = "/api/v1/reporting/charts/{kpi}",
    tag = "charts",
    security(("bearer" = [])),
    params(("kpi" = String, Path, description = "a KPI key (GET /api/v1/reporting/kpis)"), ChartParams),
    responses(
        (status = 200, description = "the chart", content(
            (Vec<u8> = "image/png"),
            (String = "image/svg+xml"),
        )),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn chart(
    caller: Caller,
    state: web::Data<Reporting>,
    req: HttpRequest,
    path: web::Path<String>,
    params: web::Query<ChartParams>,
) -> Result<HttpResponse, Problem> {
    let key = path.into_inner();
    let kpi = families::kpi(&key).ok_or_else(|| Problem::not_found("no such KPI"))?;
    let family = families::family(kpi.family).ok_or_else(|| Problem::not_found("no such KPI"))?;
    let request = super::request(&caller, &req);
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    let mut f = Fields::new();
    let days = params::days(
        &mut f,
        params.from.as_deref(),
        params.to.as_deref(),
        params.month.as_deref(),
    );
    let filters = params::filters(
        &mut f,
        params.site.as_deref(),
        params.program.as_deref(),
        params.team.as_deref(),
        params.agent.as_deref(),
        params.work_order.as_deref(),
    );
    let format = f.check("format", image_format(params.format.as_deref(), accept));
    let width = match params.width.as_deref() {
        None => Some(DEFAULT_WIDTH),
        Some(v) => f.check("width", pixels(v)),
    };
    let height = match params.height.as_deref() {
        None => Some(DEFAULT_HEIGHT),
        Some(v) => f.check("height", pixels(v)),
    };
    let ((from, to), format, width, height) =
        f.finish((|| Some((days?, format?, width?, height?)))())?;
    let scope = params::scope_of(&request.actor)?;
    params::check_in_scope(scope, &filters, &request.actor)?;
    let query = ReportQuery {
        from,
        to,
        period: Period::Day,
        group_by: Grouping::Total,
        scope,
        site: filters.site,
        program: filters.program,
        team: filters.team,
        agent: filters.agent,
        work_order: filters.work_order,
    };
    let mut conn = state.pool.get().await.map_err(crate::Error::from)?;
    let report = families::report(&mut conn, family, &query).await?;
    drop(conn);
    let series = series_of(&report, kpi, from, to);
    let filename = format!("{}-{from}-{to}", kpi.key);
    let (body, content_type, ext) = match format {
        ImageFormat::Png => (chart::png(&series, width, height)?, "image/png", "png"),
        ImageFormat::Svg => (
            chart::svg(&series, width, height)?.into_bytes(),
            "image/svg+xml",
            "svg",
        ),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{filename}.{ext}\""),
        ))
        .body(body))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::kpi::{GroupKey, ReportRow, Unit};

    const RATE: KpiDef = KpiDef {
        key: "contact_rate",
        family: "outbound",
        name: "Contact rate",
        unit: Unit::Ratio,
        definition: "x",
        target: None,
    };

    #[test]
    fn the_image_format_is_the_parameter_else_accept_else_png() {
        assert_eq!(image_format(None, None), Ok(ImageFormat::Png));
        assert_eq!(
            image_format(None, Some("image/svg+xml")),
            Ok(ImageFormat::Svg)
        );
        assert_eq!(
            image_format(Some("png"), Some("image/svg+xml")),
            Ok(ImageFormat::Png)
        );
        assert_eq!(
            image_format(None, Some("text/html, */*")),
            Ok(ImageFormat::Png)
        );
        assert!(image_format(Some("gif"), None).is_err());
    }

    #[test]
    fn sizes_are_bounded() {
        assert_eq!(pixels("960"), Ok(960));
        for bad in ["0", "199", "4001", "-5", "big"] {
            assert!(pixels(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_day_of_the_range_is_a_point() {
        let d = |n: u32| NaiveDate::from_ymd_opt(2026, 12, n).unwrap();
        let report = Report {
            family: "outbound",
            columns: vec![&RATE],
            rows: vec![ReportRow {
                period_start: d(2),
                period_end: d(2),
                group: GroupKey::total(),
                values: vec![Some(0.5)],
            }],
        };
        let series = series_of(&report, &RATE, d(1), d(3));
        assert_eq!(
            series.points,
            [(d(1), None), (d(2), Some(0.5)), (d(3), None)]
        );
    }
}
