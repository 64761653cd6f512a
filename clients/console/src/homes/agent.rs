//! The agent's desk: the next customer (offers or negotiation steps, the masking
//! number), start the call, the result form that offers only what the rules allow
//! ([`crate::rules`]), the FOLLOW UPs due, a RETURNed sale first with its reason,
//! today's counts and the month's score.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Utc};
use tam_calling::api::calls::{CallBody, CallListQuery, RecordResultRequest, StartCallRequest};
use tam_kernel::{Activity, Outcome, Program};
use tam_prospect::api::prospects::{NextBody, NextQuery};
use tam_quality::api::stats::{ScoreBody, ScoreQuery};
use uuid::Uuid;

use crate::rules::{self, Needs, ResultForm};
use crate::web::{field, form_csrf, html, Desk, Errors, Layout, State};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/agent/next", web::post().to(next))
        .route("/agent/calls", web::post().to(start))
        .route("/agent/calls/{id}", web::get().to(call_page))
        .route("/agent/calls/{id}/result", web::post().to(result));
}

/// One offer of a work order: a product (sales) or a negotiation step (retention).
#[derive(Debug, Clone)]
pub struct Offer {
    pub code: String,
    pub label: String,
}

/// The offers of a claim's work order, as `NextBody` gives them.
pub fn offers_of(value: &serde_json::Value) -> Vec<Offer> {
    let Some(items) = value.as_array() else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|o| {
            if let Some(code) = o.get("product_code").and_then(|v| v.as_str()) {
                let name = o.get("product_name").and_then(|v| v.as_str()).unwrap_or("");
                Some(Offer {
                    code: code.to_owned(),
                    label: name.to_owned(),
                })
            } else {
                let step = o.get("step").and_then(|v| v.as_i64())?;
                let text = o.get("description").and_then(|v| v.as_str()).unwrap_or("");
                Some(Offer {
                    code: step.to_string(),
                    label: text.to_owned(),
                })
            }
        })
        .collect()
}

/// The offers seen with each started call, so its result form can list them (the call
/// itself does not carry them). Per process: on another gateway the form falls back to
/// a text field, which calling checks all the same.
#[derive(Default)]
pub struct OfferCache(Mutex<HashMap<Uuid, Vec<Offer>>>);

impl OfferCache {
    fn put(&self, call: Uuid, offers: Vec<Offer>) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() > 10_000 {
                map.clear();
            }
            map.insert(call, offers);
        }
    }

    fn get(&self, call: Uuid) -> Vec<Offer> {
        self.0
            .lock()
            .ok()
            .and_then(|m| m.get(&call).cloned())
            .unwrap_or_default()
    }
}

static OFFERS: std::sync::OnceLock<OfferCache> = std::sync::OnceLock::new();

fn offer_cache() -> &'static OfferCache {
    OFFERS.get_or_init(OfferCache::default)
}

/// A sale of the agent that QC RETURNed: shown first on the desk, with the reason
/// (`next` then gives it before anything else).
pub struct ReturnedRow {
    pub customer_name: String,
    pub reason: String,
    pub recommendation: String,
}

/// The agent's RETURNed sales among their recent AGREE calls.
async fn returned_sales(desk: &Desk) -> Vec<ReturnedRow> {
    let q = CallListQuery {
        outcome: Some("agree".into()),
        limit: Some("20".into()),
        ..CallListQuery::default()
    };
    let Ok(page) = desk.client.calls_list(&q).await else {
        return Vec::new();
    };
    let mut prospects: Vec<Uuid> = page.items.iter().map(|c| c.prospect_id).collect();
    prospects.sort();
    prospects.dedup();
    let details = futures::future::join_all(
        prospects
            .into_iter()
            .map(|id| desk.client.prospects_get(id)),
    )
    .await;
    details
        .into_iter()
        .flatten()
        .filter(|d| {
            serde_json::to_value(d.prospect.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                == Some("returned".to_owned())
        })
        .map(|d| ReturnedRow {
            customer_name: d.prospect.customer_name,
            reason: d.prospect.return_reason.unwrap_or_default(),
            recommendation: d.prospect.return_recommendation.unwrap_or_default(),
        })
        .collect()
}

pub struct FollowUpRow {
    pub call_id: Uuid,
    pub wo_code: String,
    pub at: String,
    pub due: bool,
}

#[derive(Template)]
#[template(path = "homes/agent.html")]
struct DeskPage {
    layout: Layout,
    next: Option<NextView>,
    none_waiting: bool,
    open_call: Option<Uuid>,
    /// The claim of the agent's latest call, sent with the next form: prospect may not
    /// have heard of that call yet and must not hand its claim back.
    done_with: Option<Uuid>,
    follow_ups: Vec<FollowUpRow>,
    returned: Vec<ReturnedRow>,
    counts: Vec<(String, usize)>,
    calls_today: usize,
    score: Option<ScoreBody>,
    notice: Option<&'static str>,
    errors: Errors,
}

/// The claimed customer as the desk shows it.
pub struct NextView {
    pub prospect_id: Uuid,
    /// Sent back with the start form: the call starts at once on it.
    pub claim_ticket: String,
    pub customer_name: String,
    pub indihome_number: String,
    pub region: String,
    pub notes: String,
    pub wo_code: String,
    pub title: String,
    pub program: &'static str,
    pub masking_number: &'static str,
    pub retention: bool,
    pub offers: Vec<Offer>,
    pub returned: bool,
    pub return_reason: String,
    pub return_recommendation: String,
    pub attempts: u32,
    pub source: String,
}

impl NextView {
    fn from(n: &NextBody) -> Self {
        let program: Program = n.work_order.program;
        Self {
            prospect_id: n.prospect.id,
            claim_ticket: n.claim_ticket.clone(),
            customer_name: n.prospect.customer_name.clone(),
            indihome_number: n.prospect.indihome_number.clone(),
            region: n.prospect.region.clone().unwrap_or_default(),
            notes: n.prospect.notes.clone().unwrap_or_default(),
            wo_code: n.work_order.wo_code.clone(),
            title: n.work_order.title.clone(),
            program: program.as_str(),
            masking_number: program.masking_number(),
            retention: program.activity() == Activity::Retention,
            offers: offers_of(&n.work_order.offers),
            returned: n.source == "returned",
            return_reason: n.prospect.return_reason.clone().unwrap_or_default(),
            return_recommendation: n.prospect.return_recommendation.clone().unwrap_or_default(),
            attempts: n.prospect.attempts,
            source: n.source.clone(),
        }
    }
}

fn wib_today() -> chrono::NaiveDate {
    (Utc::now() + chrono::Duration::hours(7)).date_naive()
}

fn wib(at: DateTime<Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .format("%Y-%m-%d %H:%M WIB")
        .to_string()
}

/// The desk's side panels: open call, FOLLOW UPs, today's counts, the month's score.
async fn desk_page(
    desk: &Desk,
    next: Option<NextView>,
    none_waiting: bool,
    notice: Option<&'static str>,
    errors: Errors,
) -> DeskPage {
    let today = wib_today();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut calls_today = 0;
    let mut open_call = None;
    let mut done_with = None;
    let q = CallListQuery {
        day: Some(today.to_string()),
        limit: Some("200".into()),
        ..CallListQuery::default()
    };
    if let Ok(page) = desk.client.calls_list(&q).await {
        // Newest first.
        done_with = page.items.first().map(|c| c.claim_id);
        for c in &page.items {
            calls_today += 1;
            match c.outcome {
                Some(o) => *counts.entry(o.as_str().to_owned()).or_default() += 1,
                None => {
                    if c.ended_at.is_none() && c.abandoned_at.is_none() {
                        open_call = Some(c.id);
                    }
                }
            }
        }
    }
    let mut follow_ups = Vec::new();
    let q = CallListQuery {
        outcome: Some("follow_up".into()),
        limit: Some("50".into()),
        ..CallListQuery::default()
    };
    if let Ok(page) = desk.client.calls_list(&q).await {
        let now = Utc::now();
        let mut rows: Vec<(DateTime<Utc>, FollowUpRow)> = page
            .items
            .iter()
            .filter_map(|c: &CallBody| {
                let at = c.follow_up_at?;
                Some((
                    at,
                    FollowUpRow {
                        call_id: c.id,
                        wo_code: c.wo_code.clone(),
                        at: wib(at),
                        due: at <= now,
                    },
                ))
            })
            .collect();
        rows.sort_by_key(|(at, _)| *at);
        follow_ups = rows.into_iter().map(|(_, r)| r).collect();
    }
    let score = desk
        .client
        .stats_score(&ScoreQuery {
            month: Some(today.format("%Y-%m").to_string()),
            agent: Some(desk.signed().user.to_string()),
            ..ScoreQuery::default()
        })
        .await
        .ok();
    let returned = returned_sales(desk).await;
    DeskPage {
        layout: desk.layout("agent_desk"),
        next,
        none_waiting,
        open_call,
        done_with,
        follow_ups,
        returned,
        counts: counts.into_iter().collect(),
        calls_today,
        score,
        notice,
        errors,
    }
}

#[derive(serde::Deserialize)]
pub struct HomeQuery {
    done: Option<String>,
}

pub async fn home(req: HttpRequest, _state: web::Data<State>, desk: Desk) -> HttpResponse {
    let done = web::Query::<HomeQuery>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.done.clone())
        .is_some();
    let page = desk_page(
        &desk,
        None,
        false,
        done.then_some("result_recorded"),
        Errors::default(),
    )
    .await;
    desk.page(&page)
}

/// Claims the next customer (a RETURNed sale first, then due FOLLOW UPs, ...).
async fn next(
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
    let query = NextQuery {
        done_with: field(&form, "done_with").and_then(|v| v.parse().ok()),
    };
    let (next, none, errors) = match desk.client.prospects_next(&query).await {
        Ok(Some(n)) => (Some(NextView::from(&n)), false, Errors::default()),
        Ok(None) => (None, true, Errors::default()),
        Err(e) => {
            if let Some(res) = desk.api_error(&req, &e) {
                return res;
            }
            (None, false, Errors::from_client(&e))
        }
    };
    let page = desk_page(&desk, next, none, None, errors).await;
    desk.page(&page)
}

/// Starts the call on the claimed customer; then the call's page with the result form.
async fn start(
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
    let body = StartCallRequest {
        prospect_id: field(&form, "prospect_id").map(str::to_owned),
        claim_ticket: field(&form, "claim_ticket").map(str::to_owned),
    };
    match desk.client.calls_start(&body).await {
        Ok(call) => {
            // The offers shown with the customer, for the result form.
            let offers: Vec<Offer> = form
                .iter()
                .filter(|(k, _)| k == "offer")
                .filter_map(|(_, v)| {
                    let (code, label) = v.split_once('\u{1f}')?;
                    Some(Offer {
                        code: code.to_owned(),
                        label: label.to_owned(),
                    })
                })
                .collect();
            offer_cache().put(call.id, offers);
            desk.finish(
                HttpResponse::SeeOther()
                    .insert_header((
                        header::LOCATION,
                        format!("/console/agent/calls/{}", call.id),
                    ))
                    .finish(),
            )
        }
        Err(e) => {
            if let Some(res) = desk.api_error(&req, &e) {
                return res;
            }
            let page = desk_page(&desk, None, false, None, Errors::from_client(&e)).await;
            desk.finish(html(StatusCode::UNPROCESSABLE_ENTITY, &page, desk.lang()))
        }
    }
}

#[derive(Template)]
#[template(path = "homes/agent_call.html")]
struct CallPage {
    layout: Layout,
    call: CallView,
    outcomes: Vec<OutcomeChoice>,
    offers: Vec<Offer>,
    form: ResultForm,
    errors: Errors,
}

pub struct OutcomeChoice {
    pub code: &'static str,
    /// What it needs: "product", "step", "time" or "".
    pub needs: &'static str,
}

pub struct CallView {
    pub id: Uuid,
    pub wo_code: String,
    pub program: &'static str,
    pub masking_number: String,
    pub started_at: String,
    pub open: bool,
    pub retention: bool,
    pub outcome: String,
}

fn choices(activity: Activity) -> Vec<OutcomeChoice> {
    rules::outcomes()
        .iter()
        .map(|o: &Outcome| OutcomeChoice {
            code: o.as_str(),
            needs: match rules::needs(*o, activity) {
                Needs::Product => "product",
                Needs::Step => "step",
                Needs::FollowUpTime => "time",
                Needs::Nothing => "",
            },
        })
        .collect()
}

fn call_view(c: &CallBody) -> CallView {
    CallView {
        id: c.id,
        wo_code: c.wo_code.clone(),
        program: c.program.as_str(),
        masking_number: c.masking_number.clone(),
        started_at: wib(c.started_at),
        open: c.outcome.is_none() && c.ended_at.is_none() && c.abandoned_at.is_none(),
        retention: c.program.activity() == Activity::Retention,
        outcome: c.outcome.map(|o| o.as_str().to_owned()).unwrap_or_default(),
    }
}

async fn call_page(
    req: HttpRequest,
    state: web::Data<State>,
    id: web::Path<String>,
) -> HttpResponse {
    let desk = match Desk::load(&req, &state).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    // A malformed id is a page that does not exist.
    let Ok(id) = id.parse::<Uuid>() else {
        return desk.finish(crate::web::not_found_page(&desk.session));
    };
    match desk.client.calls_get(id).await {
        Ok(call) => {
            let page = CallPage {
                layout: desk.layout("call_in_progress"),
                outcomes: choices(call.program.activity()),
                offers: offer_cache().get(call.id),
                call: call_view(&call),
                form: ResultForm::default(),
                errors: Errors::default(),
            };
            desk.page(&page)
        }
        Err(e) => match desk.api_error(&req, &e) {
            Some(res) => res,
            None => desk.finish(crate::web::message_page(
                &desk.session,
                StatusCode::BAD_GATEWAY,
                "error",
                "error",
            )),
        },
    }
}

async fn result(
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
    let call = match desk.client.calls_get(id).await {
        Ok(c) => c,
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
    let activity = call.program.activity();
    let posted = ResultForm {
        outcome: field(&form, "outcome").unwrap_or("").to_owned(),
        product_code: field(&form, "product_code").unwrap_or("").to_owned(),
        negotiation_step: field(&form, "negotiation_step").unwrap_or("").to_owned(),
        follow_up_at: field(&form, "follow_up_at").unwrap_or("").to_owned(),
        notes: field(&form, "notes").unwrap_or("").to_owned(),
    };
    let again = |errors: Errors, status: StatusCode| {
        let page = CallPage {
            layout: desk.layout("call_in_progress"),
            outcomes: choices(activity),
            offers: offer_cache().get(call.id),
            call: call_view(&call),
            form: posted.clone(),
            errors,
        };
        desk.finish(html(status, &page, desk.lang()))
    };
    let draft = match rules::draft(&posted, activity) {
        Ok(d) => d,
        Err(fields) => {
            return again(
                Errors {
                    fields,
                    alert: None,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    };
    let body = RecordResultRequest {
        outcome: draft.outcome,
        product_code: draft.product_code,
        negotiation_step: draft.negotiation_step,
        follow_up_at: draft.follow_up_at,
        notes: draft.notes,
    };
    match desk.client.calls_record_result(id, &body).await {
        Ok(_) => desk.finish(
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/console?done=1"))
                .finish(),
        ),
        Err(e) => {
            if let Some(res) = desk.api_error(&req, &e) {
                return res;
            }
            let mut errors = Errors::from_client(&e);
            // calling's 422 rules name no field; put them next to the one they are about.
            match e.slug() {
                Some("not-offered") => {
                    let f = if activity == Activity::Retention {
                        "negotiation_step"
                    } else {
                        "product_code"
                    };
                    errors
                        .fields
                        .push((f.to_owned(), errors.alert.clone().unwrap_or_default()));
                }
                Some("follow-up-time") => {
                    errors.fields.push((
                        "follow_up_at".to_owned(),
                        errors.alert.clone().unwrap_or_default(),
                    ));
                }
                _ => {}
            }
            let status = e
                .status()
                .map(|s| s.as_u16())
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::BAD_GATEWAY);
            again(errors, status)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_result_form_offers_every_outcome_with_what_it_needs() {
        let sales = choices(Activity::Sales);
        let needs =
            |c: &[OutcomeChoice], code: &str| c.iter().find(|o| o.code == code).unwrap().needs;
        assert_eq!(sales.len(), Outcome::CODES.len());
        assert_eq!(needs(&sales, "agree"), "product");
        assert_eq!(needs(&sales, "follow_up"), "time");
        assert_eq!(needs(&sales, "decline"), "");
        let retention = choices(Activity::Retention);
        assert_eq!(needs(&retention, "agree"), "step");
    }

    #[test]
    fn offers_are_read_for_sales_and_retention() {
        let sales = serde_json::json!([{"product_code": "P1", "product_name": "Speed up"}]);
        let o = offers_of(&sales);
        assert_eq!(
            (o[0].code.as_str(), o[0].label.as_str()),
            ("P1", "Speed up")
        );
        let retention = serde_json::json!([{"step": 2, "description": "Discount"}]);
        assert_eq!(offers_of(&retention)[0].code, "2");
        assert!(offers_of(&serde_json::json!({})).is_empty());
    }
}
