//! The site supervisor's home: the work orders with their progress, the DAPROS upload
//! with live progress (the console streams the file to prospect and the page polls
//! the upload's state with htmx) and the import report, the do-not-call list.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use bytes::Bytes;
use serde::Serialize;
use tam_client::Upload;
use tam_prospect::api::dnc::{AddDncRequest, DncBody, DncListQuery};
use tam_prospect::api::import::ImportReportBody;
use tam_prospect::api::work_orders::WorkOrderListQuery;
use uuid::Uuid;

use crate::multipart;
use crate::web::{field, form_csrf, html, Desk, Errors, Layout, State};

/// The largest DAPROS file the console takes (it holds it in memory while streaming
/// it on); larger files go through `tam client` or the API.
pub const MAX_DAPROS_BYTES: usize = 64 * 1024 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/ops/dapros", web::post().to(upload))
        .route("/ops/uploads/{job}", web::get().to(upload_state))
        .route("/ops/dnc", web::post().to(add_dnc));
}

fn code<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub struct WorkOrderRow {
    pub id: Uuid,
    pub wo_code: String,
    pub title: String,
    pub program: &'static str,
    pub status: String,
    pub valid: String,
    pub total: i64,
    pub by_status: Vec<(String, i64)>,
    /// Done (no longer waiting to be called) out of total, in percent.
    pub done_pct: i64,
}

#[derive(Template)]
#[template(path = "homes/supervisor_ops.html")]
struct OpsPage {
    layout: Layout,
    work_orders: Vec<WorkOrderRow>,
    dnc: Vec<DncBody>,
    notice: Option<&'static str>,
    errors: Errors,
    dnc_number: String,
    dnc_reason: String,
}

/// Prospect statuses that still wait for a call.
fn waiting(status: &str) -> bool {
    matches!(
        status,
        "new" | "retry" | "follow_up" | "in_call" | "returned"
    )
}

async fn ops_page(
    desk: &Desk,
    notice: Option<&'static str>,
    errors: Errors,
    dnc_form: (String, String),
) -> OpsPage {
    let mut work_orders = Vec::new();
    if let Ok(page) = desk
        .client
        .work_orders_list(&WorkOrderListQuery {
            limit: Some("50".into()),
            ..WorkOrderListQuery::default()
        })
        .await
    {
        for wo in page.items {
            let mut row = WorkOrderRow {
                id: wo.id,
                wo_code: wo.wo_code,
                title: wo.title,
                program: wo.program.as_str(),
                status: code(&wo.status),
                valid: format!("{} – {}", wo.valid_from, wo.valid_to),
                total: 0,
                by_status: Vec::new(),
                done_pct: 0,
            };
            if let Ok(p) = desk.client.prospects_progress(wo.id).await {
                row.total = p.total;
                let done: i64 = p
                    .by_status
                    .iter()
                    .filter(|(s, _)| !waiting(s))
                    .map(|(_, n)| *n)
                    .sum();
                row.done_pct = if p.total > 0 { done * 100 / p.total } else { 0 };
                row.by_status = p.by_status.into_iter().collect();
            }
            work_orders.push(row);
        }
    }
    let dnc = desk
        .client
        .dnc_list(&DncListQuery {
            limit: Some("50".into()),
            ..DncListQuery::default()
        })
        .await
        .map(|p| p.items)
        .unwrap_or_default();
    OpsPage {
        layout: desk.layout("ops_home"),
        work_orders,
        dnc,
        notice,
        errors,
        dnc_number: dnc_form.0,
        dnc_reason: dnc_form.1,
    }
}

pub async fn home(_req: HttpRequest, _state: web::Data<State>, desk: Desk) -> HttpResponse {
    let page = ops_page(&desk, None, Errors::default(), Default::default()).await;
    desk.page(&page)
}

/// An upload in flight: bytes sent so far, then the report or the problem.
pub struct Job {
    owner: Uuid,
    total: u64,
    sent: Arc<AtomicU64>,
    done: Option<Result<Arc<ImportReportBody>, Errors>>,
}

fn jobs() -> &'static Mutex<HashMap<Uuid, Job>> {
    static JOBS: OnceLock<Mutex<HashMap<Uuid, Job>>> = OnceLock::new();
    JOBS.get_or_init(Default::default)
}

/// A reader that counts what was read from it (what the client has sent on).
struct Counting {
    inner: std::io::Cursor<Bytes>,
    sent: Arc<AtomicU64>,
}

impl tokio::io::AsyncRead for Counting {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let res = Pin::new(&mut self.inner).poll_read(cx, buf);
        let n = buf.filled().len() - before;
        self.sent.fetch_add(n as u64, Ordering::Relaxed);
        res
    }
}

/// The upload form: the file is read, then streamed to prospect in the background;
/// the answer is the progress fragment, which polls itself until the report is there.
async fn upload(req: HttpRequest, state: web::Data<State>, body: web::Bytes) -> HttpResponse {
    let desk = match Desk::load(&req, &state).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let parts = multipart::boundary(content_type).and_then(|b| multipart::parts(&body, &b));
    let csrf_field = parts.as_ref().and_then(|ps| {
        ps.iter()
            .find(|p| p.name == "csrf")
            .and_then(|p| std::str::from_utf8(p.data).ok())
    });
    if !desk.csrf_ok(&req, csrf_field) {
        return desk.finish(crate::web::forbidden_page(&desk.session));
    }
    let Some(parts) = parts else {
        return desk.finish(fragment_error(
            &desk,
            Errors::alert("multipart/form-data expected"),
        ));
    };
    let wo = parts
        .iter()
        .find(|p| p.name == "work_order_id")
        .and_then(|p| std::str::from_utf8(p.data).ok())
        .and_then(|s| s.trim().parse::<Uuid>().ok());
    let file = parts
        .iter()
        .find(|p| p.name == "file" && !p.data.is_empty());
    let mut errors = Errors::default();
    if wo.is_none() {
        errors
            .fields
            .push(("work_order_id".into(), "choose a work order".into()));
    }
    if file.is_none() {
        errors
            .fields
            .push(("file".into(), "choose a DAPROS file (CSV)".into()));
    }
    let (Some(wo), Some(file)) = (wo, file) else {
        return desk.finish(fragment_error(&desk, errors));
    };
    let data = body.slice_ref(file.data);
    let total = data.len() as u64;
    let sent = Arc::new(AtomicU64::new(0));
    let job = Uuid::now_v7();
    if let Ok(mut map) = jobs().lock() {
        if map.len() > 1_000 {
            map.retain(|_, j| j.done.is_none());
        }
        map.insert(
            job,
            Job {
                owner: desk.signed().user,
                total,
                sent: Arc::clone(&sent),
                done: None,
            },
        );
    }
    let client = desk.client.clone();
    let reader = Counting {
        inner: std::io::Cursor::new(data),
        sent,
    };
    actix_web::rt::spawn(async move {
        let result = client
            .prospect_import(wo, Upload::reader(reader, "text/csv", Some(total)))
            .await
            .map(Arc::new)
            .map_err(|e| Errors::from_client(&e));
        if let Ok(mut map) = jobs().lock() {
            if let Some(j) = map.get_mut(&job) {
                j.done = Some(result);
            }
        }
    });
    desk.finish(progress_fragment(&desk, job))
}

#[derive(Template)]
#[template(path = "homes/supervisor_ops_upload.html")]
struct UploadFragment {
    layout: Layout,
    job: Uuid,
    total: u64,
    sent: u64,
    pct: u64,
    report: Option<Arc<ImportReportBody>>,
    errors: Errors,
    running: bool,
}

fn fragment_error(desk: &Desk, errors: Errors) -> HttpResponse {
    let f = UploadFragment {
        layout: desk.layout("dapros_upload"),
        job: Uuid::nil(),
        total: 0,
        sent: 0,
        pct: 0,
        report: None,
        errors,
        running: false,
    };
    html(StatusCode::UNPROCESSABLE_ENTITY, &f, desk.lang())
}

fn progress_fragment(desk: &Desk, job: Uuid) -> HttpResponse {
    let snapshot = jobs().lock().ok().and_then(|map| {
        map.get(&job)
            .filter(|j| j.owner == desk.signed().user)
            .map(|j| (j.total, j.sent.load(Ordering::Relaxed), j.done.clone()))
    });
    let Some((total, sent, done)) = snapshot else {
        return crate::web::not_found_page(&desk.session);
    };
    let (report, errors, running) = match done {
        None => (None, Errors::default(), true),
        Some(Ok(r)) => (Some(r), Errors::default(), false),
        Some(Err(e)) => (None, e, false),
    };
    let f = UploadFragment {
        layout: desk.layout("dapros_upload"),
        job,
        total,
        sent: sent.min(total),
        pct: (sent.min(total) * 100).checked_div(total).unwrap_or(100),
        report,
        errors,
        running,
    };
    html(StatusCode::OK, &f, desk.lang())
}

/// The progress fragment htmx polls.
async fn upload_state(
    req: HttpRequest,
    state: web::Data<State>,
    job: web::Path<String>,
) -> HttpResponse {
    let desk = match Desk::load(&req, &state).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    match job.parse::<Uuid>() {
        Ok(job) => desk.finish(progress_fragment(&desk, job)),
        Err(_) => desk.finish(crate::web::not_found_page(&desk.session)),
    }
}

async fn add_dnc(
    req: HttpRequest,
    state: web::Data<State>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let desk = match Desk::load(&req, &state).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    if !desk.csrf_ok(&req, form_csrf(&form)) {
        return desk.finish(crate::web::forbidden_page(&desk.session));
    }
    let number = field(&form, "number").unwrap_or("").trim().to_owned();
    let reason = field(&form, "reason").unwrap_or("").trim().to_owned();
    let body = AddDncRequest {
        number: Some(number.clone()),
        reason: Some(reason.clone()),
    };
    match desk.client.dnc_add(&body).await {
        Ok(_) => desk.finish(
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/console"))
                .finish(),
        ),
        Err(e) => {
            if let Some(res) = desk.api_error(&req, &e) {
                return res;
            }
            let page = ops_page(&desk, None, Errors::from_client(&e), (number, reason)).await;
            let status = e
                .status()
                .and_then(|s| StatusCode::from_u16(s.as_u16()).ok())
                .unwrap_or(StatusCode::BAD_GATEWAY);
            desk.finish(html(status, &page, desk.lang()))
        }
    }
}
