//! Distribution, `next`, progress and the prospects themselves.

use std::collections::BTreeMap;

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tam_auth::Caller;
use tam_kernel::{Problem, Program, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::distribution::{self, Distribution};
use crate::app::next::{self, Claimed};
use crate::app::{prospects, Prospect};
use crate::domain::prospect::ProspectStatus;
use crate::domain::{parse_code, Fields};
use crate::store::prospects::{AttemptRow, ProspectFilter, ProspectRow};
use tam_kernel::parse_page;

/// A customer to call for a work order.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ProspectBody {
    pub id: Uuid,
    pub work_order_id: Uuid,
    /// The line of the DAPROS file it came from.
    pub line: i64,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    pub indihome_number: String,
    pub customer_name: String,
    /// E.164 (`+62…`).
    pub contact_number: String,
    pub alt_contact_number: Option<String>,
    pub region: Option<String>,
    pub notes: Option<String>,
    #[schema(schema_with = schema::prospect_status)]
    pub status: ProspectStatus,
    pub assigned_to: Option<Uuid>,
    /// When it may be called next (after a retry wait, a FOLLOW UP's time, a lease).
    pub available_at: DateTime<Utc>,
    pub claimed_by: Option<Uuid>,
    pub attempts: u32,
    pub last_outcome: Option<String>,
    /// Why the quality team RETURNed the sale, and what they recommend, for the re-call.
    pub return_reason: Option<String>,
    pub return_recommendation: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<ProspectRow> for ProspectBody {
    type Error = Problem;

    fn try_from(r: ProspectRow) -> Result<Self, Problem> {
        let corrupt = |e: anyhow::Error| Problem::internal_logged(&format_args!("{e:#}"));
        Ok(Self {
            site: r.site().map_err(corrupt)?,
            program: r.program().map_err(corrupt)?,
            status: r.status().map_err(corrupt)?,
            attempts: r.attempts().map_err(corrupt)?,
            id: r.id,
            work_order_id: r.work_order_id,
            line: r.line,
            indihome_number: r.indihome_number,
            customer_name: r.customer_name,
            contact_number: r.contact_number,
            alt_contact_number: r.alt_contact_number,
            region: r.region,
            notes: r.notes,
            assigned_to: r.assigned_to,
            available_at: r.available_at,
            claimed_by: r.claimed_by,
            last_outcome: r.last_outcome,
            return_reason: r.return_reason,
            return_recommendation: r.return_recommendation,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// One call made on a prospect.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct AttemptBody {
    pub call_id: Uuid,
    pub agent_id: Uuid,
    pub outcome: String,
    pub product_code: Option<String>,
    pub negotiation_step: Option<i32>,
    pub follow_up_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub has_recording: bool,
}

impl From<AttemptRow> for AttemptBody {
    fn from(a: AttemptRow) -> Self {
        Self {
            call_id: a.call_id,
            agent_id: a.agent_id,
            outcome: a.outcome,
            product_code: a.product_code,
            negotiation_step: a.negotiation_step,
            follow_up_at: a.follow_up_at,
            notes: a.notes,
            started_at: a.started_at,
            ended_at: a.ended_at,
            has_recording: a.has_recording,
        }
    }
}

/// A prospect with its attempt history, oldest call first.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ProspectDetailBody {
    pub prospect: ProspectBody,
    pub attempts: Vec<AttemptBody>,
}

/// What the agent needs of the work order to make the call.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ClaimWorkOrderBody {
    pub id: Uuid,
    pub wo_code: String,
    pub title: String,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    /// Sales: `[{product_code, product_name}]`; retention: `[{step, description}]`.
    #[schema(value_type = Vec<Object>)]
    pub offers: Value,
    pub max_attempts: u32,
}

/// The agent's next customer, held for them until `lease_expires_at` unless a call
/// starts.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct NextBody {
    pub claim_id: Uuid,
    /// The claim signed by prospect: pass it as `claim_ticket` to
    /// `POST /api/v1/calling/calls`, which then starts the call at once (without it,
    /// calling waits for the claim's event). Opaque; valid until `lease_expires_at`.
    pub claim_ticket: String,
    pub lease_expires_at: DateTime<Utc>,
    /// Where it came from: held (already yours), returned, follow_up, team_follow_up,
    /// assigned or pool.
    pub source: String,
    pub prospect: ProspectBody,
    pub work_order: ClaimWorkOrderBody,
}

impl TryFrom<Claimed> for NextBody {
    type Error = Problem;

    fn try_from(c: Claimed) -> Result<Self, Problem> {
        Ok(Self {
            claim_id: c.claim_id,
            claim_ticket: c.ticket,
            lease_expires_at: c.lease_expires_at,
            source: c.tier.as_str().to_owned(),
            prospect: c.prospect.try_into()?,
            work_order: ClaimWorkOrderBody {
                id: c.work_order.id,
                wo_code: c.work_order.terms.wo_code,
                title: c.work_order.terms.title,
                program: c.work_order.program,
                offers: c.work_order.terms.offers.to_json(),
                max_attempts: c.work_order.terms.max_attempts,
            },
        })
    }
}

/// What the agent is done with when asking for the next customer.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NextQuery {
    /// The claim of the call you have just made (its `claim_id`): never handed back to
    /// you, even while prospect has not yet heard that its call started. Without it, a
    /// `next` right after recording a result can return the same claim, on which calling
    /// refuses a second call.
    pub done_with: Option<Uuid>,
}

/// Claim your next customer: the claim you already hold (unless it is `done_with`), then
/// your RETURNed sales, then your due FOLLOW UPs (and your team's overdue ones), then
/// prospects given to you, then the pool of your site and program. 204 when there is
/// none; 422 outside the operating hours, `not-on-roster`, and `agent-not-certified`
/// (naming the program) when you hold no certification for your program valid today
/// (WIB).
#[utoipa::path(
    post,
    path = "/api/v1/prospect/next",
    tag = "prospects",
    security(("bearer" = [])),
    params(NextQuery),
    responses(
        (status = 200, body = NextBody),
        (status = 204, description = "nothing to call now"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn next(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    match next::next(&p, &request, query.done_with).await? {
        Some(claimed) => Ok(HttpResponse::Ok().json(NextBody::try_from(claimed)?)),
        None => Ok(HttpResponse::NoContent().finish()),
    }
}

/// Who gets the prospects: named agents, or every active agent of the work order's site
/// and program (a team leader's team) when none is named.
#[derive(Debug, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct DistributeRequest {
    #[serde(default)]
    pub agents: Vec<Uuid>,
    /// At most this many prospects (default: as many as the quotas allow).
    #[schema(nullable = false, minimum = 1, maximum = 1_000_000)]
    pub count: Option<i64>,
}

/// One agent's share.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct AgentShareBody {
    pub agent_id: Uuid,
    pub assigned: u32,
}

/// What a distribution did.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DistributionBody {
    pub work_order_id: Uuid,
    pub distributed: u32,
    pub agents: Vec<AgentShareBody>,
    pub left_in_pool: i64,
}

/// Spread the work order's unassigned prospects evenly over agents, each within what is
/// left of their daily quota today (WIB). Agents not certified for the program today are
/// skipped; naming one is 422 `agent-not-certified`.
#[utoipa::path(
    post,
    path = "/api/v1/prospect/work-orders/{id}/distribute",
    tag = "prospects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "work order id")),
    request_body = DistributeRequest,
    responses(
        (status = 200, body = DistributionBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn distribute(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<DistributeRequest>,
) -> Result<web::Json<DistributionBody>, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let count = match body.count {
        None => Some(None),
        Some(n) => f
            .check(
                "count",
                crate::domain::work_order::in_range(n, 1, 1_000_000),
            )
            .map(Some),
    };
    if body.agents.len() > 1000 {
        f.error("agents", "at most 1000 agents at once");
    }
    let count = f.finish(count)?;
    let done = distribution::distribute(
        &p,
        &request,
        id.into_inner(),
        Distribution {
            agents: body.agents,
            count,
        },
    )
    .await?;
    Ok(web::Json(DistributionBody {
        work_order_id: done.work_order_id,
        distributed: done.assigned.iter().map(|(_, n)| n).sum(),
        agents: done
            .assigned
            .into_iter()
            .map(|(agent_id, assigned)| AgentShareBody { agent_id, assigned })
            .collect(),
        left_in_pool: done.left_in_pool,
    }))
}

/// One agent's part of a work order.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct AgentProgressBody {
    pub agent_id: Uuid,
    pub total: i64,
    pub attempts: i64,
    pub by_status: BTreeMap<String, i64>,
}

/// A work order's prospects counted by status, unassigned and per agent.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ProgressBody {
    pub work_order_id: Uuid,
    pub total: i64,
    pub by_status: BTreeMap<String, i64>,
    pub unassigned: BTreeMap<String, i64>,
    pub agents: Vec<AgentProgressBody>,
}

/// Counts of a work order's prospects by status, overall, unassigned and per agent.
#[utoipa::path(
    get,
    path = "/api/v1/prospect/work-orders/{id}/progress",
    tag = "prospects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "work order id")),
    responses(
        (status = 200, body = ProgressBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn progress(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<ProgressBody>, Problem> {
    let request = super::request(&caller, &req);
    let progress = prospects::progress(&p, &request, id.into_inner()).await?;
    Ok(web::Json(ProgressBody {
        work_order_id: progress.work_order_id,
        total: progress.total,
        by_status: progress.by_status,
        unassigned: progress.unassigned,
        agents: progress
            .agents
            .into_iter()
            .map(|(agent_id, a)| AgentProgressBody {
                agent_id,
                total: a.total,
                attempts: a.attempts,
                by_status: a.by_status,
            })
            .collect(),
    }))
}

/// Filters and page of a work order's prospect list.
#[derive(Debug, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ProspectListQuery {
    /// Only this status.
    #[param(schema_with = schema::prospect_status)]
    pub status: Option<String>,
    /// Only prospects given to this agent.
    pub agent_id: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

/// A page of prospects.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ProspectPage {
    pub items: Vec<ProspectBody>,
    pub next_cursor: Option<String>,
}

/// A work order's prospects, in import order.
#[utoipa::path(
    get,
    path = "/api/v1/prospect/work-orders/{id}/prospects",
    tag = "prospects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "work order id"), ProspectListQuery),
    responses(
        (status = 200, body = ProspectPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    query: web::Query<ProspectListQuery>,
) -> Result<web::Json<ProspectPage>, Problem> {
    let request = super::request(&caller, &req);
    let q = query.into_inner();
    let mut f = Fields::new();
    let status = match q.status.as_deref() {
        None => Some(None),
        Some(s) => f
            .check(
                "status",
                parse_code::<ProspectStatus>(s, ProspectStatus::CODES),
            )
            .map(Some),
    };
    let page = parse_page(&mut f, q.limit.as_deref(), q.cursor);
    let (status, (limit, cursor)) = f.finish(status.zip(page))?;
    let page = prospects::list(
        &p,
        &request,
        id.into_inner(),
        ProspectFilter {
            status,
            agent: q.agent_id,
        },
        cursor,
        limit,
    )
    .await?;
    let next_cursor = page.next_cursor;
    let items = page
        .items
        .into_iter()
        .map(ProspectBody::try_from)
        .collect::<Result<_, _>>()?;
    Ok(web::Json(ProspectPage { items, next_cursor }))
}

/// One prospect with its calls (an agent: only one they hold, were given or called).
#[utoipa::path(
    get,
    path = "/api/v1/prospect/prospects/{id}",
    tag = "prospects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "prospect id")),
    responses(
        (status = 200, body = ProspectDetailBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<ProspectDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    let detail = prospects::get(&p, &request, id.into_inner()).await?;
    Ok(web::Json(ProspectDetailBody {
        prospect: detail.prospect.try_into()?,
        attempts: detail.attempts.into_iter().map(AttemptBody::from).collect(),
    }))
}
