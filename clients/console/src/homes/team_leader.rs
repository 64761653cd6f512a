//! The team leader's home: the team's progress today and this month, the calls open
//! too long (with close: calling's abandon, a reason required), each agent's day.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Utc};
use tam_calling::api::calls::{AbandonRequest, CallListQuery};
use tam_hr::api::employees::EmployeeListQuery;
use tam_quality::api::stats::{ScoreBody, ScoreQuery};
use uuid::Uuid;

use crate::web::{field, form_csrf, Desk, Errors, Layout, State};

/// A call open longer than this (no result, not closed) is listed for closing.
pub const OPEN_TOO_LONG_MINUTES: i64 = 30;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/team/calls/{id}/close", web::post().to(close));
}

/// Whether a call started at `started` and still open at `now` is open too long.
pub fn open_too_long(started: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - started > chrono::Duration::minutes(OPEN_TOO_LONG_MINUTES)
}

pub struct AgentDay {
    pub name: String,
    pub calls: usize,
    pub open: usize,
    pub by_outcome: Vec<(String, usize)>,
    pub talk_minutes: u32,
}

pub struct StuckCall {
    pub id: Uuid,
    pub agent: String,
    pub wo_code: String,
    pub started_at: String,
    pub minutes: i64,
}

#[derive(Template)]
#[template(path = "homes/team_leader.html")]
struct TeamPage {
    layout: Layout,
    totals: Vec<(String, usize)>,
    calls_today: usize,
    agents: Vec<AgentDay>,
    stuck: Vec<StuckCall>,
    score: Option<ScoreBody>,
    notice: Option<&'static str>,
    errors: Errors,
}

fn wib(at: DateTime<Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .format("%H:%M WIB")
        .to_string()
}

async fn team_page(desk: &Desk, notice: Option<&'static str>, errors: Errors) -> TeamPage {
    let now = Utc::now();
    let today = (now + chrono::Duration::hours(7)).date_naive();
    let team = desk.signed().team;
    // Names of the team's agents (the list is scoped to what the caller may see).
    let mut names: BTreeMap<Uuid, String> = BTreeMap::new();
    if let Some(team) = team {
        let q = EmployeeListQuery {
            team: Some(team.to_string()),
            limit: Some("200".into()),
            ..EmployeeListQuery::default()
        };
        if let Ok(page) = desk.client.employees_list(&q).await {
            for e in page.items {
                names.insert(e.id, e.full_name);
            }
        }
    }
    let name = |id: Uuid, names: &BTreeMap<Uuid, String>| {
        names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string()[..8].to_owned())
    };
    let mut per_agent: BTreeMap<Uuid, (usize, usize, BTreeMap<String, usize>, u32)> =
        BTreeMap::new();
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    let mut calls_today = 0;
    let q = CallListQuery {
        day: Some(today.to_string()),
        limit: Some("200".into()),
        ..CallListQuery::default()
    };
    if let Ok(page) = desk.client.calls_list(&q).await {
        for c in page.items {
            calls_today += 1;
            let entry = per_agent.entry(c.agent_id).or_default();
            entry.0 += 1;
            entry.3 += c.duration_seconds.unwrap_or(0);
            match c.outcome {
                Some(o) => {
                    *entry.2.entry(o.as_str().to_owned()).or_default() += 1;
                    *totals.entry(o.as_str().to_owned()).or_default() += 1;
                }
                None if c.ended_at.is_none() && c.abandoned_at.is_none() => entry.1 += 1,
                None => {}
            }
        }
    }
    let mut stuck = Vec::new();
    let q = CallListQuery {
        status: Some("open".into()),
        limit: Some("200".into()),
        ..CallListQuery::default()
    };
    if let Ok(page) = desk.client.calls_list(&q).await {
        for c in page.items {
            if open_too_long(c.started_at, now) {
                stuck.push(StuckCall {
                    id: c.id,
                    agent: name(c.agent_id, &names),
                    wo_code: c.wo_code,
                    started_at: wib(c.started_at),
                    minutes: (now - c.started_at).num_minutes(),
                });
            }
        }
    }
    let mut agents: Vec<AgentDay> = per_agent
        .into_iter()
        .map(|(id, (calls, open, by, secs))| AgentDay {
            name: name(id, &names),
            calls,
            open,
            by_outcome: by.into_iter().collect(),
            talk_minutes: secs / 60,
        })
        .collect();
    // Agents of the team who made no call yet today: their day is empty, and shown.
    for (id, n) in &names {
        if !agents.iter().any(|a| &a.name == n) && *id != desk.signed().user {
            agents.push(AgentDay {
                name: n.clone(),
                calls: 0,
                open: 0,
                by_outcome: Vec::new(),
                talk_minutes: 0,
            });
        }
    }
    let score = match team {
        Some(team) => desk
            .client
            .stats_score(&ScoreQuery {
                month: Some(today.format("%Y-%m").to_string()),
                team: Some(team.to_string()),
                ..ScoreQuery::default()
            })
            .await
            .ok(),
        None => None,
    };
    TeamPage {
        layout: desk.layout("team_home"),
        totals: totals.into_iter().collect(),
        calls_today,
        agents,
        stuck,
        score,
        notice,
        errors,
    }
}

pub async fn home(_req: HttpRequest, _state: web::Data<State>, desk: Desk) -> HttpResponse {
    let page = team_page(&desk, None, Errors::default()).await;
    desk.page(&page)
}

/// Closes a stuck call without a result (calling's abandon: a reason is required).
async fn close(
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
    let body = AbandonRequest {
        reason: field(&form, "reason").map(|r| r.trim().to_owned()),
    };
    match desk.client.calls_abandon(id, &body).await {
        Ok(_) => desk.finish(
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/console"))
                .finish(),
        ),
        Err(e) => {
            if let Some(res) = desk.api_error(&req, &e) {
                return res;
            }
            let page = team_page(&desk, None, Errors::from_client(&e)).await;
            let status = e
                .status()
                .and_then(|s| StatusCode::from_u16(s.as_u16()).ok())
                .unwrap_or(StatusCode::BAD_GATEWAY);
            desk.finish(crate::web::html(status, &page, desk.lang()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_open_too_long_after_thirty_minutes() {
        let t0 = Utc::now();
        assert!(!open_too_long(t0, t0 + chrono::Duration::minutes(30)));
        assert!(open_too_long(t0, t0 + chrono::Duration::minutes(31)));
    }
}
