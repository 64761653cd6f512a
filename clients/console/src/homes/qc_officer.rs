//! The QC officer's home: the tapping queue (claim the next task), a task's page with
//! the recording player (an `<audio>` whose source is a console route that proxies
//! calling's recording, `Range` included, so the player can seek), the parameter form
//! with the critical items marked, and the verdict (VALID, or RETURN with a reason).

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use futures::StreamExt as _;
use tam_quality::api::tasks::{
    ItemScoreRequest, TaskBody, TaskDetailBody, TaskListQuery, VerdictRequest,
};
use uuid::Uuid;

use crate::web::{field, form_csrf, html, Desk, Errors, Layout, State};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/qc/claim", web::post().to(claim))
        .route("/qc/tasks/{id}", web::get().to(task_page))
        .route("/qc/tasks/{id}/verdict", web::post().to(verdict))
        .route("/qc/recordings/{call}", web::get().to(recording));
}

pub struct QueueRow {
    pub id: Uuid,
    pub program: &'static str,
    pub day: String,
    pub status: String,
    pub product: String,
}

#[derive(Template)]
#[template(path = "homes/qc_officer.html")]
struct QueuePage {
    layout: Layout,
    mine: Vec<QueueRow>,
    waiting: Vec<QueueRow>,
    notice: Option<&'static str>,
    errors: Errors,
}

fn row(t: &TaskBody) -> QueueRow {
    QueueRow {
        id: t.id,
        program: t.program.as_str(),
        day: t.call_day.to_string(),
        status: t.status.as_str().to_owned(),
        product: t
            .product_code
            .clone()
            .or_else(|| t.negotiation_step.map(|s| format!("step {s}")))
            .unwrap_or_default(),
    }
}

async fn queue_page(desk: &Desk, notice: Option<&'static str>, errors: Errors) -> QueuePage {
    let list = |status: &str| TaskListQuery {
        status: Some(status.to_owned()),
        limit: Some("50".into()),
        ..TaskListQuery::default()
    };
    let me = desk.signed().user;
    let mine = desk
        .client
        .tasks_list(&list("claimed"))
        .await
        .map(|p| {
            p.items
                .iter()
                .filter(|t| t.claimed_by == Some(me))
                .map(row)
                .collect()
        })
        .unwrap_or_default();
    let waiting = desk
        .client
        .tasks_list(&list("waiting"))
        .await
        .map(|p| p.items.iter().map(row).collect())
        .unwrap_or_default();
    QueuePage {
        layout: desk.layout("qc_home"),
        mine,
        waiting,
        notice,
        errors,
    }
}

pub async fn home(_req: HttpRequest, _state: web::Data<State>, desk: Desk) -> HttpResponse {
    let page = queue_page(&desk, None, Errors::default()).await;
    desk.page(&page)
}

async fn claim(
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
    match desk.client.tasks_claim().await {
        Ok(Some(task)) => desk.finish(
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, format!("/console/qc/tasks/{}", task.id)))
                .finish(),
        ),
        Ok(None) => {
            let page = queue_page(&desk, Some("none_yet"), Errors::default()).await;
            desk.page(&page)
        }
        Err(e) => {
            if let Some(res) = desk.api_error(&req, &e) {
                return res;
            }
            let page = queue_page(&desk, None, Errors::from_client(&e)).await;
            desk.page(&page)
        }
    }
}

/// One parameter item as the form shows it (with what was posted, after an error).
pub struct ItemRow {
    pub code: String,
    pub description: String,
    pub weight: u32,
    pub critical: bool,
    /// "pass", "fail" or "" (not answered yet).
    pub answer: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "homes/qc_task.html")]
struct TaskPage {
    layout: Layout,
    task: TaskBody,
    version: u32,
    items: Vec<ItemRow>,
    judged: bool,
    verdict: String,
    reason: String,
    recommendation: String,
    history: Vec<String>,
    errors: Errors,
}

fn task_view(
    desk: &Desk,
    d: TaskDetailBody,
    form: Option<&[(String, String)]>,
    errors: Errors,
) -> TaskPage {
    let judged = d.task.verdict.is_some();
    let items = d
        .parameters
        .items
        .iter()
        .map(|i| {
            let scored = d.scores.iter().find(|s| s.code == i.code);
            let answer = match form {
                Some(f) => field(f, &format!("item.{}", i.code))
                    .unwrap_or("")
                    .to_owned(),
                None => scored
                    .map(|s| if s.passed { "pass" } else { "fail" }.to_owned())
                    .unwrap_or_default(),
            };
            let note = match form {
                Some(f) => field(f, &format!("note.{}", i.code))
                    .unwrap_or("")
                    .to_owned(),
                None => scored.and_then(|s| s.note.clone()).unwrap_or_default(),
            };
            ItemRow {
                code: i.code.clone(),
                description: i.description.clone(),
                weight: i.weight,
                critical: i.critical,
                answer,
                note,
            }
        })
        .collect();
    let f = |name: &str| form.and_then(|f| field(f, name)).unwrap_or("").to_owned();
    TaskPage {
        layout: desk.layout("qc_home"),
        version: d.parameters.version,
        items,
        judged,
        verdict: if form.is_some() {
            f("verdict")
        } else {
            d.task
                .verdict
                .map(|v| v.as_str().to_owned())
                .unwrap_or_default()
        },
        reason: if form.is_some() {
            f("reason")
        } else {
            d.task.reason.clone().unwrap_or_default()
        },
        recommendation: if form.is_some() {
            f("recommendation")
        } else {
            d.task.recommendation.clone().unwrap_or_default()
        },
        history: d
            .history
            .iter()
            .map(|h| serde_json::to_string(h).unwrap_or_default())
            .collect(),
        task: d.task,
        errors,
    }
}

async fn task_page(
    req: HttpRequest,
    state: web::Data<State>,
    id: web::Path<String>,
) -> HttpResponse {
    let desk = match Desk::load(&req, &state).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    let Ok(id) = id.parse::<Uuid>() else {
        return desk.finish(crate::web::not_found_page(&desk.session));
    };
    match desk.client.tasks_get(id).await {
        Ok(d) => {
            let page = task_view(&desk, d, None, Errors::default());
            desk.page(&page)
        }
        Err(e) => desk.api_error(&req, &e).unwrap_or_else(|| {
            desk.finish(crate::web::message_page(
                &desk.session,
                StatusCode::BAD_GATEWAY,
                "error",
                "error",
            ))
        }),
    }
}

/// The verdict request from the form: every item's pass/fail and note, the verdict,
/// the reason and the recommendation (empty ones left out).
pub fn verdict_request(item_codes: &[String], form: &[(String, String)]) -> VerdictRequest {
    let text = |name: &str| {
        field(form, name)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    VerdictRequest {
        scores: Some(
            item_codes
                .iter()
                .map(|code| ItemScoreRequest {
                    code: Some(code.clone()),
                    passed: match field(form, &format!("item.{code}")) {
                        Some("pass") => Some(true),
                        Some("fail") => Some(false),
                        _ => None,
                    },
                    note: text(&format!("note.{code}")),
                })
                .collect(),
        ),
        verdict: text("verdict"),
        reason: text("reason"),
        recommendation: text("recommendation"),
    }
}

async fn verdict(
    req: HttpRequest,
    state: web::Data<State>,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let desk = match Desk::load(&req, &state).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    if !desk.csrf_ok(&req, form_csrf(&form)) {
        return desk.finish(crate::web::forbidden_page(&desk.session));
    }
    let Ok(id) = id.parse::<Uuid>() else {
        return desk.finish(crate::web::not_found_page(&desk.session));
    };
    let detail = match desk.client.tasks_get(id).await {
        Ok(d) => d,
        Err(e) => {
            return desk.api_error(&req, &e).unwrap_or_else(|| {
                desk.finish(crate::web::message_page(
                    &desk.session,
                    StatusCode::BAD_GATEWAY,
                    "error",
                    "error",
                ))
            })
        }
    };
    let codes: Vec<String> = detail
        .parameters
        .items
        .iter()
        .map(|i| i.code.clone())
        .collect();
    let mut errors = Errors::default();
    // Every item must be answered: said here, next to the item, before the API's turn.
    for code in &codes {
        if !matches!(field(&form, &format!("item.{code}")), Some("pass" | "fail")) {
            errors
                .fields
                .push((format!("item.{code}"), "pass or fail".into()));
        }
    }
    if !errors.fields.is_empty() {
        let page = task_view(&desk, detail, Some(&form), errors);
        return desk.finish(html(StatusCode::UNPROCESSABLE_ENTITY, &page, desk.lang()));
    }
    match desk
        .client
        .tasks_verdict(id, &verdict_request(&codes, &form))
        .await
    {
        Ok(_) => desk.finish(
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/console"))
                .finish(),
        ),
        Err(e) => {
            if let Some(res) = desk.api_error(&req, &e) {
                return res;
            }
            let status = e
                .status()
                .and_then(|s| StatusCode::from_u16(s.as_u16()).ok())
                .unwrap_or(StatusCode::BAD_GATEWAY);
            let page = task_view(&desk, detail, Some(&form), Errors::from_client(&e));
            desk.finish(html(status, &page, desk.lang()))
        }
    }
}

/// The recording, streamed from calling through the gateway as the signed-in user,
/// with the browser's `Range` passed on and the answer's range headers passed back
/// (206 partial content: the player seeks without downloading everything).
async fn recording(
    req: HttpRequest,
    state: web::Data<State>,
    call: web::Path<String>,
) -> HttpResponse {
    let desk = match Desk::load(&req, &state).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    let Ok(call) = call.parse::<Uuid>() else {
        return desk.finish(crate::web::not_found_page(&desk.session));
    };
    let mut upstream = state
        .http
        .get(state.api(&format!("/api/v1/calling/calls/{call}/recording")))
        .bearer_auth(&desk.signed().access_token);
    if let Some(range) = req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
    {
        upstream = upstream.header(reqwest::header::RANGE, range);
    }
    let res = match upstream.send().await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "console: the recording could not be fetched");
            return HttpResponse::BadGateway().finish();
        }
    };
    let status = StatusCode::from_u16(res.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    if status == StatusCode::NOT_FOUND {
        return desk.finish(crate::web::not_found_page(&desk.session));
    }
    let mut out = HttpResponse::build(status);
    for name in [
        reqwest::header::CONTENT_TYPE,
        reqwest::header::CONTENT_LENGTH,
        reqwest::header::CONTENT_RANGE,
        reqwest::header::ACCEPT_RANGES,
        reqwest::header::ETAG,
        reqwest::header::LAST_MODIFIED,
    ] {
        if let Some(v) = res.headers().get(&name).and_then(|v| v.to_str().ok()) {
            out.insert_header((name.as_str(), v.to_owned()));
        }
    }
    out.insert_header((header::CACHE_CONTROL, "private, no-store"));
    let body = res
        .bytes_stream()
        .map(|chunk| chunk.map_err(std::io::Error::other));
    // No cookie re-issued on the stream: the page that holds the player did it.
    out.streaming(body)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_form_becomes_every_item_once_with_its_answer() {
        let form: Vec<(String, String)> = [
            ("item.GREET", "pass"),
            ("item.CONSENT", "fail"),
            ("note.CONSENT", " no consent asked "),
            ("verdict", "return"),
            ("reason", "consent missing"),
            ("recommendation", ""),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let r = verdict_request(&["GREET".into(), "CONSENT".into()], &form);
        let scores = r.scores.unwrap();
        assert_eq!(scores.len(), 2);
        assert_eq!(scores[0].passed, Some(true));
        assert_eq!(scores[1].passed, Some(false));
        assert_eq!(scores[1].note.as_deref(), Some("no consent asked"));
        assert_eq!(r.verdict.as_deref(), Some("return"));
        assert_eq!(r.reason.as_deref(), Some("consent missing"));
        assert_eq!(r.recommendation, None);
    }
}
