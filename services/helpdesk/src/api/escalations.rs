//! `/api/v1/helpdesk/escalations`: the escalation levels fired, and what reached me.

use actix_web::web;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{FieldError, Problem, Rejection, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::escalation::{self, ListQuery};
use crate::app::Helpdesk;
use crate::domain::escalation::Recipient;
use crate::domain::sla::ClockKind;
use crate::store::escalations::Escalation;

/// One level fired for one of a ticket's clocks.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct EscalationBody {
    pub id: i64,
    pub ticket_id: Uuid,
    pub ticket_number: i64,
    #[schema(schema_with = tam_auth::openapi::site)]
    pub site: Option<Site>,
    #[schema(schema_with = clock_code)]
    pub clock: ClockKind,
    #[schema(example = "supervisor")]
    pub level: String,
    pub percent: u32,
    pub breach: bool,
    /// When the clock reached the level.
    pub reached_at: DateTime<Utc>,
    /// When the poller recorded it.
    pub fired_at: DateTime<Utc>,
    #[schema(schema_with = recipient_codes)]
    pub recipients: Vec<Recipient>,
    /// The HD Support agent holding the ticket then.
    pub assignee_id: Option<Uuid>,
    /// When the notification goes out: the calendar's open hours unless urgent.
    pub notify_at: DateTime<Utc>,
    /// When it went (`null`: still waiting for the open hours).
    pub notified_at: Option<DateTime<Utc>>,
}

fn clock_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(ClockKind::CODES, "SLA clock")
}

fn recipient_codes() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(Recipient::CODES, "recipient")
}

impl From<Escalation> for EscalationBody {
    fn from(e: Escalation) -> Self {
        Self {
            id: e.id,
            ticket_id: e.ticket_id,
            ticket_number: e.ticket_number,
            site: e.site,
            clock: e.clock,
            level: e.level,
            percent: e.percent,
            breach: e.breach,
            reached_at: e.reached_at,
            fired_at: e.fired_at,
            recipients: e.recipients,
            assignee_id: e.assignee_id,
            notify_at: e.notify_at,
            notified_at: e.notified_at,
        }
    }
}

/// Escalations, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct EscalationList {
    pub items: Vec<EscalationBody>,
    /// Pass as `before` for the next page; `null` on the last one.
    pub next_before: Option<i64>,
}

/// Which escalations.
#[derive(Debug, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct EscalationQuery {
    /// Only those whose notification reached me (supervisor_hd, manager, ioc: as that
    /// recipient; hd_support: of the tickets I hold).
    pub mine: Option<bool>,
    /// Only breaches (or only warnings).
    pub breach: Option<bool>,
    /// The `next_before` of the previous page.
    pub before: Option<i64>,
    /// Items per page, 1–200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<u32>,
}

/// The escalations fired, newest first; `mine=true`: those that reached me.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/escalations",
    tag = "sla",
    security(("bearer" = [])),
    params(EscalationQuery),
    responses((status = 200, body = EscalationList))
)]
pub async fn list(
    caller: Caller,
    h: web::Data<Helpdesk>,
    query: web::Query<EscalationQuery>,
) -> Result<web::Json<EscalationList>, Problem> {
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(tam_kernel::DEFAULT_LIMIT);
    if !(1..=tam_kernel::MAX_LIMIT).contains(&limit) {
        return Err(Rejection::Invalid(vec![FieldError::new(
            "limit",
            format!("must be between 1 and {}", tam_kernel::MAX_LIMIT),
        )])
        .into());
    }
    let items = escalation::list(
        &h,
        &caller,
        ListQuery {
            mine: query.mine.unwrap_or(false),
            breach: query.breach,
            before: query.before,
            limit,
        },
    )
    .await?;
    let next_before = (items.len() == limit as usize)
        .then(|| items.last().map(|e| e.id))
        .flatten();
    Ok(web::Json(EscalationList {
        items: items.into_iter().map(Into::into).collect(),
        next_before,
    }))
}
