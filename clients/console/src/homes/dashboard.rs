//! The manager's and the coordinator's dashboard: this month's outbound KPIs per site
//! (reporting, as the signed-in user: its scope decides which sites come back), the
//! charts as `<img>` from a console route that proxies reporting's chart (the page never
//! holds a token, so the image cannot come from the API directly), and the exports
//! (CSV, XLSX) proxied the same way.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;
use serde_json::Value;

use super::board::{get_json, rows_of, text_of, tr, wib_today};
use crate::web::{Desk, Layout, State};

/// The charts on the dashboard (reporting's KPI keys).
pub const CHARTS: &[(&str, &str, &str)] = &[
    ("contact_rate", "Tingkat kontak", "Contact rate"),
    ("conversion", "Konversi", "Conversion"),
    ("calls", "Panggilan", "Calls"),
];
/// The columns of the per-site table.
const COLUMNS: &[&str] = &[
    "calls",
    "contacts",
    "contact_rate",
    "conversion",
    "agree",
    "follow_up",
];
const FAMILIES: &[&str] = &[
    "outbound",
    "quality",
    "activation",
    "disruptions",
    "workforce",
];

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/dashboard/charts/{kpi}", web::get().to(chart))
        .route("/dashboard/export/{family}", web::get().to(export));
}

#[derive(Template)]
#[template(path = "homes/dashboard.html")]
struct Page {
    layout: Layout,
    heading: String,
    month: String,
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    empty: String,
    charts: Vec<(String, String)>,
    exports_title: String,
    exports: Vec<(String, String)>,
    charts_title: String,
}

pub async fn home(state: &State, desk: &Desk, heading_id: &str, heading_en: &str) -> HttpResponse {
    let lang = desk.lang();
    let month = wib_today().format("%Y-%m").to_string();
    let answer = get_json(
        state,
        desk,
        &format!("/api/v1/reporting/outbound?month={month}&group_by=site"),
    )
    .await;
    let (rows, empty) = match &answer {
        Ok(v) => (
            rows_of(v)
                .iter()
                .map(|r| {
                    let mut cells = vec![text_of(&r["group"]["label"])];
                    cells.extend(COLUMNS.iter().map(|k| number(&r["values"][*k], k)));
                    cells
                })
                .collect(),
            tr(
                lang,
                "Belum ada angka bulan ini.",
                "No figures this month yet.",
            ),
        ),
        Err((status, title)) => (
            Vec::new(),
            format!(
                "{} ({status} {title})",
                tr(lang, "Tidak tersedia", "Not available")
            ),
        ),
    };
    let mut headers = vec!["Site".to_owned()];
    headers.extend(COLUMNS.iter().map(|k| (*k).to_owned()));
    desk.page(&Page {
        layout: desk.layout("home"),
        heading: tr(lang, heading_id, heading_en),
        caption: tr(lang, "KPI outbound per site, bulan ", "Outbound KPIs per site, month ") + &month,
        month: month.clone(),
        headers,
        rows,
        empty,
        charts_title: tr(lang, "Grafik", "Charts"),
        charts: CHARTS
            .iter()
            .map(|(k, id, en)| {
                (
                    format!("/console/dashboard/charts/{k}?month={month}"),
                    tr(lang, id, en),
                )
            })
            .collect(),
        exports_title: tr(lang, "Ekspor", "Exports"),
        exports: FAMILIES
            .iter()
            .flat_map(|f| {
                let month = month.clone();
                ["csv", "xlsx"].into_iter().map(move |fmt| {
                    (
                        format!("/console/dashboard/export/{f}?month={month}&format={fmt}&group_by=site"),
                        format!("{f} ({})", fmt.to_uppercase()),
                    )
                })
            })
            .collect(),
    })
}

fn number(v: &Value, key: &str) -> String {
    match v.as_f64() {
        None => "—".to_owned(),
        Some(x) if key.ends_with("rate") || key == "conversion" => format!("{:.1}%", x * 100.0),
        Some(x) => format!("{x:.0}"),
    }
}

#[derive(Deserialize)]
pub struct Query {
    month: Option<String>,
    format: Option<String>,
    group_by: Option<String>,
    site: Option<String>,
}

/// Reporting's chart as an image for the page's `<img>`: only known KPIs, only PNG or
/// SVG, the query rebuilt from known fields (the browser cannot steer the proxy to any
/// other API path).
pub async fn chart(
    req: HttpRequest,
    state: web::Data<State>,
    kpi: web::Path<String>,
    q: web::Query<Query>,
) -> HttpResponse {
    let Some(kpi) = CHARTS.iter().map(|c| c.0).find(|k| *k == kpi.as_str()) else {
        return HttpResponse::NotFound().finish();
    };
    let format = match q.format.as_deref() {
        Some("svg") => "svg",
        _ => "png",
    };
    let path = format!(
        "/api/v1/reporting/charts/{kpi}?{}",
        query(&[
            ("month", q.month.as_deref()),
            ("site", q.site.as_deref()),
            ("format", Some(format)),
            ("width", Some("560")),
            ("height", Some("300"))
        ])
    );
    proxy(&req, &state, &path).await
}

/// A family's report as CSV or XLSX, downloaded through the console.
pub async fn export(
    req: HttpRequest,
    state: web::Data<State>,
    family: web::Path<String>,
    q: web::Query<Query>,
) -> HttpResponse {
    let Some(family) = FAMILIES.iter().find(|f| **f == family.as_str()) else {
        return HttpResponse::NotFound().finish();
    };
    let format = match q.format.as_deref() {
        Some("xlsx") => "xlsx",
        _ => "csv",
    };
    let path = format!(
        "/api/v1/reporting/{family}?{}",
        query(&[
            ("month", q.month.as_deref()),
            ("site", q.site.as_deref()),
            ("group_by", q.group_by.as_deref()),
            ("format", Some(format))
        ])
    );
    proxy(&req, &state, &path).await
}

fn query(pairs: &[(&str, Option<&str>)]) -> String {
    let present: Vec<(&str, &str)> = pairs
        .iter()
        .filter_map(|(k, v)| v.map(|v| (*k, v)))
        .collect();
    serde_urlencoded::to_string(present).unwrap_or_default()
}

/// The API's answer passed on (status, type, disposition, body), as the signed-in user.
async fn proxy(req: &HttpRequest, state: &State, path: &str) -> HttpResponse {
    let desk = match Desk::load(req, state).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    let res = match state
        .http
        .get(state.api(path))
        .bearer_auth(&desk.signed().access_token)
        .send()
        .await
    {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "console: the report proxy failed");
            return HttpResponse::BadGateway().finish();
        }
    };
    let status = actix_web::http::StatusCode::from_u16(res.status().as_u16())
        .unwrap_or(actix_web::http::StatusCode::BAD_GATEWAY);
    let mut out = HttpResponse::build(status);
    for name in [header::CONTENT_TYPE, header::CONTENT_DISPOSITION] {
        if let Some(v) = res
            .headers()
            .get(name.as_str())
            .and_then(|v| v.to_str().ok())
        {
            out.insert_header((name, v.to_owned()));
        }
    }
    out.insert_header((header::CACHE_CONTROL, "private, no-store"));
    match res.bytes().await {
        Ok(body) => desk.finish(out.body(body)),
        Err(_) => HttpResponse::BadGateway().finish(),
    }
}
