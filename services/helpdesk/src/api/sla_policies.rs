//! `/api/v1/helpdesk/sla-policies` and `/api/v1/helpdesk/escalation-ladder`: the SLA
//! configuration, each read and replaced as a whole set.

use actix_web::{web, HttpRequest};
use serde::{Deserialize, Serialize};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::Problem;
use utoipa::ToSchema;

use crate::app::{sla_policies, Helpdesk};
use crate::domain::escalation::{Level, Recipient};
use crate::domain::policy::{Channel, Priority, SlaPolicy};

/// Business-time targets, in minutes of the calendar's open hours.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct TargetsDoc {
    pub first_response_minutes: u32,
    /// `validation` → `provisioning_issued`.
    pub validation_minutes: u32,
    /// `provisioning_issued` → `activated`.
    pub provisioning_minutes: u32,
    pub resolution_minutes: u32,
}

/// One policy: the most specific one matching a ticket's channel, product and priority
/// applies; one without criteria is the default (required).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct SlaPolicyDoc {
    #[schema(example = "plasa")]
    pub code: String,
    #[schema(schema_with = channel_code)]
    pub channel: Option<String>,
    /// A product code (`MINIPACK`), or absent for any product.
    pub product: Option<String>,
    #[schema(schema_with = priority_code)]
    pub priority: Option<String>,
    /// The calendar its clocks run on (a Makassar ticket runs on the `-wita` twin of a
    /// `-wib` calendar).
    #[schema(example = "office-wib")]
    pub calendar: String,
    pub targets: TargetsDoc,
}

fn channel_code() -> utoipa::openapi::Object {
    tam_auth::openapi::nullable_codes(Channel::CODES, "sales channel code; null: any")
}

fn priority_code() -> utoipa::openapi::Object {
    tam_auth::openapi::nullable_codes(Priority::CODES, "priority; null: any")
}

fn recipient_codes() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(tam_auth::openapi::codes(Recipient::CODES, "recipient"))
        .description(Some("recipients"))
        .build()
}

/// Every SLA policy.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicies {
    #[schema(value_type = Vec<SlaPolicyDoc>)]
    pub policies: Vec<SlaPolicy>,
}

/// One level of the ladder.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct LevelDoc {
    /// Its stable name, recorded when it fires.
    #[schema(example = "supervisor")]
    pub code: String,
    /// The share of the clock's target, in percent (100 and above: a breach).
    #[schema(example = 80)]
    pub percent: u32,
    /// Who it notifies; `ioc` is added for tickets with an IT-cause kendala.
    #[schema(schema_with = recipient_codes)]
    pub notify: Vec<String>,
}

/// The escalation ladder, in increasing percent.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationLadder {
    #[schema(value_type = Vec<LevelDoc>)]
    pub levels: Vec<Level>,
}

/// The SLA policies.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/sla-policies",
    tag = "sla",
    security(("bearer" = [])),
    responses((status = 200, body = SlaPolicies))
)]
pub async fn list(
    _caller: Caller,
    h: web::Data<Helpdesk>,
) -> Result<web::Json<SlaPolicies>, Problem> {
    Ok(web::Json(SlaPolicies {
        policies: sla_policies::list(&h).await?,
    }))
}

/// Replace the SLA policies. Open tickets' due times and escalation timers are
/// recomputed in the same transaction, keeping the business time they used. 422
/// `invalid-sla-policies` names each bad field.
#[utoipa::path(
    put,
    path = "/api/v1/helpdesk/sla-policies",
    tag = "sla",
    security(("bearer" = [])),
    request_body = SlaPolicies,
    responses(
        (status = 200, body = SlaPolicies),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn replace(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    body: web::Json<SlaPolicies>,
) -> Result<web::Json<SlaPolicies>, Problem> {
    let request = tam_runtime::request(&caller, &req);
    let policies = sla_policies::replace(&h, &request, body.into_inner().policies).await?;
    Ok(web::Json(SlaPolicies { policies }))
}

/// The escalation ladder.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/escalation-ladder",
    tag = "sla",
    security(("bearer" = [])),
    responses((status = 200, body = EscalationLadder))
)]
pub async fn ladder(
    _caller: Caller,
    h: web::Data<Helpdesk>,
) -> Result<web::Json<EscalationLadder>, Problem> {
    Ok(web::Json(EscalationLadder {
        levels: sla_policies::ladder(&h).await?,
    }))
}

/// Replace the escalation ladder; open tickets' timers are recomputed in the same
/// transaction (a level already fired stays fired). 422 `invalid-escalation-ladder`
/// names each bad field.
#[utoipa::path(
    put,
    path = "/api/v1/helpdesk/escalation-ladder",
    tag = "sla",
    security(("bearer" = [])),
    request_body = EscalationLadder,
    responses(
        (status = 200, body = EscalationLadder),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn replace_ladder(
    _caller: Caller,
    h: web::Data<Helpdesk>,
    body: web::Json<EscalationLadder>,
) -> Result<web::Json<EscalationLadder>, Problem> {
    let levels = sla_policies::replace_ladder(&h, body.into_inner().levels).await?;
    Ok(web::Json(EscalationLadder { levels }))
}
