//! `/api/v1/helpdesk/tickets`: activation tickets, their SLA, status changes, claim and
//! assignment, the queues.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{parse_code, parse_page, Cursor, FieldError, Fields, Limit, Problem, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::issues::IssueBody;
use crate::app::tickets::{self as app, QueueQuery, StatusInput, TicketDetail};
use crate::app::Helpdesk;
use crate::domain::policy::{Channel, Priority};
use crate::domain::sla::{Clock, TicketStatus};
use crate::domain::ticket::{
    optional_text, product_code, HistoryEntry, Idempotency, NewTicket, Subject, Ticket, MAX_NAME,
    MAX_ORDER_NUMBER, MAX_TEXT,
};
use crate::domain::{rules, unprocessable, Rejection};
use crate::store::tickets::TicketFilter;

/// The header that marks an answer replayed for an Idempotency-Key.
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

/// An activation ticket.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TicketBody {
    pub id: Uuid,
    /// What people say on the phone: "ticket 1042".
    pub number: i64,
    #[schema(value_type = String)]
    pub channel: Channel,
    pub indihome_number: String,
    pub customer_name: String,
    pub contact_number: String,
    pub product_code: Option<String>,
    pub negotiation_step: Option<u32>,
    #[schema(value_type = String)]
    pub priority: Priority,
    #[schema(value_type = Option<String>)]
    pub site: Option<Site>,
    #[schema(value_type = Option<String>)]
    pub program: Option<tam_kernel::Program>,
    pub work_order_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
    pub prospect_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    #[schema(value_type = String)]
    pub status: TicketStatus,
    /// The work status it is in (a pause keeps the stage it interrupted).
    #[schema(value_type = String)]
    pub stage: TicketStatus,
    pub provisioning_order_number: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub opened_at: DateTime<Utc>,
    /// `null`: a channel opened it.
    pub opened_by: Option<Uuid>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Why HD Support must look at it.
    pub flag_reason: Option<String>,
    /// When the next escalation level is due.
    pub next_escalation_at: Option<DateTime<Utc>>,
    pub first_responded_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl From<Ticket> for TicketBody {
    fn from(t: Ticket) -> Self {
        Self {
            id: t.id,
            number: t.number,
            channel: t.channel,
            indihome_number: t.indihome_number,
            customer_name: t.customer_name,
            contact_number: t.contact_number,
            product_code: t.product_code,
            negotiation_step: t.negotiation_step,
            priority: t.priority,
            site: t.site,
            program: t.program,
            work_order_id: t.work_order_id,
            call_id: t.call_id,
            prospect_id: t.prospect_id,
            agent_id: t.agent_id,
            team_id: t.team_id,
            status: t.status,
            stage: t.stage,
            provisioning_order_number: t.provisioning_order_number,
            assignee_id: t.assignee_id,
            opened_at: t.opened_at,
            opened_by: t.opened_by,
            resolved_at: t.resolved_at,
            flag_reason: t.flag_reason,
            next_escalation_at: t.next_escalation_at,
            first_responded_at: t.first_responded_at,
            updated_at: t.updated_at,
        }
    }
}

/// One entry of a ticket's history.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct HistoryBody {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// `opened`, `status`, `assigned`, `claimed`, `escalated`, `flagged`, `note`,
    /// `issue`, `followup`, `issue_resolved`.
    #[schema(value_type = String)]
    pub kind: crate::domain::ticket::HistoryKind,
    #[schema(value_type = Option<String>)]
    pub status: Option<TicketStatus>,
    pub note: Option<String>,
    pub actor_id: Option<Uuid>,
    #[schema(value_type = Option<String>)]
    pub actor_role: Option<tam_kernel::Role>,
    /// The channel that made the change when no person did.
    #[schema(value_type = Option<String>)]
    pub channel: Option<Channel>,
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
}

impl From<HistoryEntry> for HistoryBody {
    fn from(e: HistoryEntry) -> Self {
        Self {
            id: e.id,
            at: e.at,
            kind: e.kind,
            status: e.status,
            note: e.note,
            actor_id: e.actor_id,
            actor_role: e.actor_role,
            channel: e.channel,
            details: e.details,
        }
    }
}

/// A pause of a clock; `end` is `null` while it lasts.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct SpanBody {
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
}

/// One SLA clock at the time of the request.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ClockBody {
    /// `first_response`, `validation`, `provisioning`, `resolution`.
    pub clock: String,
    /// `not_started`, `running`, `paused`, `stopped`.
    pub phase: String,
    pub target_minutes: i64,
    /// Business time used, in seconds.
    pub elapsed_seconds: i64,
    /// Business time left before the target, in seconds (0 once used up).
    pub remaining_seconds: i64,
    /// The pauses of its stage.
    pub paused: Vec<SpanBody>,
    /// The business time inside the pauses, in seconds: what they pushed the due time.
    pub paused_seconds: i64,
    pub started_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// When the target is (or was) used up.
    pub due_at: Option<DateTime<Utc>>,
    pub breached: bool,
}

fn seconds(d: Duration) -> i64 {
    d.num_seconds()
}

impl From<&Clock> for ClockBody {
    fn from(c: &Clock) -> Self {
        Self {
            clock: c.kind.as_str().to_owned(),
            phase: c.phase.as_str().to_owned(),
            target_minutes: c.target.num_minutes(),
            elapsed_seconds: seconds(c.elapsed),
            remaining_seconds: seconds(c.remaining()),
            paused: c
                .paused
                .iter()
                .map(|s| SpanBody {
                    start: s.start,
                    end: s.end,
                })
                .collect(),
            paused_seconds: seconds(c.paused_business),
            started_at: c.started_at,
            stopped_at: c.stopped_at,
            due_at: c.due_at,
            breached: c.breached,
        }
    }
}

/// A ticket's SLA, computed from its history, policy and calendar at the request.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct SlaBody {
    /// The policy chosen (most specific match of channel, product, priority).
    pub policy: String,
    /// The calendar its clocks run on.
    pub calendar: String,
    pub clocks: Vec<ClockBody>,
    pub next_escalation_at: Option<DateTime<Utc>>,
}

/// A ticket with its history, issues, SLA and the statuses it may move to.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TicketDetailBody {
    pub ticket: TicketBody,
    /// Oldest first.
    pub history: Vec<HistoryBody>,
    pub issues: Vec<IssueBody>,
    pub sla: SlaBody,
    #[schema(value_type = Vec<String>)]
    pub allowed_next: Vec<TicketStatus>,
}

impl From<TicketDetail> for TicketDetailBody {
    fn from(d: TicketDetail) -> Self {
        Self {
            ticket: d.ticket.into(),
            history: d.history.into_iter().map(Into::into).collect(),
            issues: d.issues.into_iter().map(Into::into).collect(),
            sla: SlaBody {
                policy: d.sla.policy.code.clone(),
                calendar: d.sla.calendar.clone(),
                clocks: d.sla.clocks.iter().map(Into::into).collect(),
                next_escalation_at: d.sla.next_escalation_at,
            },
            allowed_next: d.allowed_next,
        }
    }
}

/// One page of tickets.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TicketPage {
    pub items: Vec<TicketBody>,
    pub next_cursor: Option<String>,
}

/// A ticket to open for a channel other than OBC.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenTicketRequest {
    /// `call_center_147`, `plasa`, `myindihome`, `web`, `sales_force` (`obc` is 422:
    /// OBC tickets come from quality's VALID sales).
    #[schema(required = true, nullable = false, schema_with = channel_code)]
    pub channel: Option<String>,
    /// The IndiHome service number: 10 to 13 digits.
    #[schema(
        required = true,
        nullable = false,
        example = "122101234567",
        pattern = r"^[ \t\r\n]*[0-9]{10,13}[ \t\r\n]*$"
    )]
    pub indihome_number: Option<String>,
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 200,
        pattern = r"[^ \t\r\n]"
    )]
    pub customer_name: Option<String>,
    /// An Indonesian number the desk can call back.
    #[schema(
        required = true,
        nullable = false,
        example = "081234567890",
        min_length = 1,
        pattern = r"[0-9]"
    )]
    pub contact_number: Option<String>,
    /// A product of the catalogue (sales); exactly one of this and `negotiation_step`.
    #[schema(
        nullable = false,
        example = "MINIPACK",
        pattern = r"^[ \t\r\n]*[A-Za-z0-9_-]{1,50}[ \t\r\n]*$"
    )]
    pub product_code: Option<String>,
    /// The negotiation step accepted (retention), 1 or more.
    #[schema(nullable = false, minimum = 1)]
    pub negotiation_step: Option<u32>,
    /// `low`, `normal` (default), `high`, `urgent`.
    #[schema(schema_with = priority_code)]
    pub priority: Option<String>,
    /// The site, when the channel has one.
    #[schema(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    /// The client's provisioning order number, when already known (up to 60
    /// characters).
    #[schema(max_length = 60)]
    pub provisioning_order_number: Option<String>,
    /// Up to 2000 characters, kept on the opening entry.
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

fn channel_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(Channel::CODES, "sales channel code")
}

fn priority_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(Priority::CODES, "priority")
}

fn status_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(TicketStatus::CODES, "ticket status")
}

/// Parses a request: 400 for missing or malformed fields, 422 for a channel the desk
/// does not know or `obc`.
fn parse_open(r: &OpenTicketRequest) -> Result<NewTicket, Rejection> {
    let mut f = Fields::new();
    let channel_raw = f.required("channel", r.channel.as_deref(), |c| {
        let c = c.trim();
        if c.is_empty() {
            Err("is required".to_owned())
        } else {
            Ok(c.to_owned())
        }
    });
    let indihome = f.required("indihome_number", r.indihome_number.as_deref(), |v| {
        Ok::<_, String>(v.trim().to_owned())
    });
    let name = f.required("customer_name", r.customer_name.as_deref(), |v| {
        crate::domain::ticket::required_text(v, MAX_NAME)
    });
    let contact = f.required("contact_number", r.contact_number.as_deref(), |v| {
        Ok::<_, String>(v.to_owned())
    });
    let subject = match (&r.product_code, r.negotiation_step) {
        (Some(code), None) => f
            .check("product_code", product_code(code))
            .map(Subject::Product),
        (None, Some(step)) => Some(Subject::Step(step)),
        (Some(_), Some(_)) => {
            f.error(
                "product_code",
                "give either product_code (sales) or negotiation_step (retention), not both",
            );
            None
        }
        (None, None) => {
            f.error(
                "product_code",
                "is required (or negotiation_step for a retention)",
            );
            None
        }
    };
    let priority = match r.priority.as_deref() {
        None => Some(Priority::Normal),
        Some(p) => f.check("priority", parse_code(p, Priority::CODES)),
    };
    let site = match r.site.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(s) => f.check("site", parse_code(s, Site::CODES)).map(Some),
    };
    let order = f.check(
        "provisioning_order_number",
        optional_text(r.provisioning_order_number.as_deref(), MAX_ORDER_NUMBER),
    );
    let note = f.check("note", optional_text(r.note.as_deref(), MAX_TEXT));
    let parsed = (|| {
        Some((
            channel_raw?,
            NewTicket {
                // Replaced below once the channel is known.
                channel: Channel::Plasa,
                indihome_number: indihome?,
                customer_name: name?,
                contact_number: contact?,
                subject: subject?,
                priority: priority?,
                site: site?,
                program: None,
                sale: None,
                provisioning_order_number: order?,
                note: note?,
                opened_at: Utc::now(),
                idempotency: None,
                correlation_id: None,
            },
        ))
    })();
    let (channel_raw, mut new) = f.finish(parsed)?;
    // The form of the rest is checked by the domain (IndiHome and contact numbers).
    let errors = crate::domain::ticket::check_new_ticket(&NewTicket {
        channel: Channel::Plasa,
        ..new.clone()
    });
    if !errors.is_empty() {
        return Err(Rejection::Invalid(errors));
    }
    let Ok(channel) = channel_raw.parse::<Channel>() else {
        return Err(unprocessable(
            rules::UNKNOWN_REFERENCE,
            &[FieldError::new(
                "channel",
                format!(
                    "{channel_raw} is not a channel of the desk (one of {})",
                    Channel::CODES.join(", ")
                ),
            )],
        ));
    };
    new.channel = channel;
    Ok(new)
}

/// The Idempotency-Key of a request with the hash of what it asks (the body as parsed,
/// so whitespace and member order do not make two requests differ).
fn idempotency(
    req: &HttpRequest,
    body: &OpenTicketRequest,
) -> Result<Option<Idempotency>, Rejection> {
    let Some(key) = tam_kernel::idempotency_key_of(req)? else {
        return Ok(None);
    };
    let canonical = serde_json::to_string(body).unwrap_or_default();
    let hash = Sha256::digest(canonical.as_bytes());
    Ok(Some(Idempotency {
        key,
        request_hash: format!("{hash:x}"),
    }))
}

/// Open an activation ticket for a channel other than OBC (in `validation`).
///
/// 400 names each missing or malformed field; 422 `unknown-reference` names an unknown
/// `channel` or `product_code`; 422 `obc-tickets-from-sales` for `obc`; 409 when a
/// ticket is already open for the same IndiHome number and product, with its link
/// (`instance`, the detail and the `Location` header). `Idempotency-Key`: the same key
/// and body answer the ticket it opened (200, `Idempotent-Replayed: true`); another body
/// is 422 `idempotency-key-reused`.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/tickets",
    tag = "tickets",
    security(("bearer" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$",
            description = "the client's name for this request: a retry with the same key and body opens nothing"),
    ),
    request_body = OpenTicketRequest,
    responses(
        (status = 201, body = TicketDetailBody),
        (status = 200, body = TicketDetailBody, description = "the ticket opened earlier with this Idempotency-Key",
            headers(("Idempotent-Replayed" = String, description = "`true`"))),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn open(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    body: web::Json<OpenTicketRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let idem = idempotency(&req, &body)?;
    let mut new = parse_open(&body)?;
    new.idempotency = idem;
    let opened = match app::open_by_api(&h, &request, new).await {
        Ok(opened) => opened,
        Err(crate::Error::Own(crate::error::Own::AlreadyOpen { existing })) => {
            let link = crate::error::ticket_link(existing);
            let problem: Problem =
                crate::Error::Own(crate::error::Own::AlreadyOpen { existing }).into();
            let mut details = serde_json::to_value(problem.into_details()).unwrap_or_default();
            if let Some(object) = details.as_object_mut() {
                object.insert("ticket_id".into(), serde_json::json!(existing));
                object.insert("ticket".into(), serde_json::json!(link));
            }
            return Ok(HttpResponse::Conflict()
                .content_type("application/problem+json")
                .insert_header(("Location", link))
                .body(serde_json::to_vec(&details).unwrap_or_default()));
        }
        Err(e) => return Err(e.into()),
    };
    let detail = app::get(&h, &request, opened.ticket.id).await?;
    let body = TicketDetailBody::from(detail);
    Ok(if opened.replayed {
        HttpResponse::Ok()
            .insert_header((IDEMPOTENT_REPLAYED, "true"))
            .json(body)
    } else {
        HttpResponse::Created()
            .insert_header(("Location", crate::error::ticket_link(opened.ticket.id)))
            .json(body)
    })
}

/// One ticket with its history, issues and SLA clocks (computed now), and the statuses
/// it may move to. 404 outside the caller's scope.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/tickets/{id}",
    tag = "tickets",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "ticket id")),
    responses(
        (status = 200, body = TicketDetailBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<TicketDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    Ok(web::Json(
        app::get(&h, &request, id.into_inner()).await?.into(),
    ))
}

/// A status change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct StatusRequest {
    /// The new status.
    #[schema(required = true, nullable = false, schema_with = status_code)]
    pub status: Option<String>,
    /// Why (up to 2000 characters).
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// The client's provisioning order number (required for `provisioning_issued` if
    /// not known yet), up to 60 characters.
    #[schema(min_length = 1, max_length = 60, pattern = r"[^ \t\r\n]")]
    pub provisioning_order_number: Option<String>,
}

impl TryFrom<StatusRequest> for StatusInput {
    type Error = Rejection;

    fn try_from(r: StatusRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let status = f.required("status", r.status.as_deref(), |s| {
            parse_code(s, TicketStatus::CODES)
        });
        let note = f.check("note", optional_text(r.note.as_deref(), MAX_TEXT));
        let order = f.check(
            "provisioning_order_number",
            optional_text(r.provisioning_order_number.as_deref(), MAX_ORDER_NUMBER),
        );
        let parsed = (|| {
            Some(StatusInput {
                status: status?,
                note: note?,
                provisioning_order_number: order?,
            })
        })();
        f.finish(parsed)
    }
}

/// Move a ticket to another status.
///
/// 409 names the statuses allowed from where it is; 403 when the caller's role may not
/// make the change (`hd_support` on a ticket someone else holds, `qc_tier2` outside the
/// validation stage); 404 outside the caller's scope. Records the history entry, the
/// desk's first response, the next escalation time, and publishes the change.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/tickets/{id}/status",
    tag = "tickets",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "ticket id")),
    request_body = StatusRequest,
    responses(
        (status = 200, body = TicketDetailBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn status(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<StatusRequest>,
) -> Result<web::Json<TicketDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    let input = StatusInput::try_from(body.into_inner())?;
    Ok(web::Json(
        app::set_status(&h, &request, id.into_inner(), input)
            .await?
            .into(),
    ))
}

/// Take a ticket nobody holds (409 if someone does: `supervisor_hd` reassigns).
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/tickets/{id}/claim",
    tag = "tickets",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "ticket id")),
    responses(
        (status = 200, body = TicketDetailBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn claim(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<TicketDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    Ok(web::Json(
        app::claim(&h, &request, id.into_inner()).await?.into(),
    ))
}

/// An assignment.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    /// The HD Support employee who takes the ticket.
    #[schema(required = true, nullable = false)]
    pub assignee_id: Option<Uuid>,
    /// Why (up to 2000 characters).
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// Assign or reassign an open ticket.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/tickets/{id}/assign",
    tag = "tickets",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "ticket id")),
    request_body = AssignRequest,
    responses(
        (status = 200, body = TicketDetailBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn assign(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<AssignRequest>,
) -> Result<web::Json<TicketDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let assignee = f.required("assignee_id", body.assignee_id, Ok::<_, String>);
    let note = f.check("note", optional_text(body.note.as_deref(), MAX_TEXT));
    let (assignee, note) = f.finish((|| Some((assignee?, note?)))())?;
    Ok(web::Json(
        app::assign(&h, &request, id.into_inner(), assignee, note)
            .await?
            .into(),
    ))
}

/// Filters and page of the ticket queues.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct TicketListQuery {
    /// Only this status.
    #[param(schema_with = status_code)]
    pub status: Option<String>,
    /// Only this channel.
    #[param(schema_with = channel_code)]
    pub channel: Option<String>,
    /// Only this site.
    #[param(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    /// `true`: only open tickets with a breach recorded.
    #[param(value_type = Option<bool>)]
    pub overdue: Option<String>,
    /// `true`: only tickets with an escalation recorded.
    #[param(value_type = Option<bool>)]
    pub escalated: Option<String>,
    /// `true`: only tickets assigned to the caller.
    #[param(value_type = Option<bool>)]
    pub mine: Option<String>,
    /// Only this customer's tickets (10 to 13 digits).
    #[param(pattern = r"^[ \t\r\n]*[0-9]{10,13}[ \t\r\n]*$")]
    pub indihome_number: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

fn flag(f: &mut Fields, field: &str, value: Option<&str>) -> Option<bool> {
    match value.map(str::trim) {
        None | Some("false") => Some(false),
        Some("true") => Some(true),
        Some(_) => {
            f.error(field, "must be true or false");
            None
        }
    }
}

impl TicketListQuery {
    fn parse(self) -> Result<(QueueQuery, Limit, Option<Cursor>), Rejection> {
        let mut f = Fields::new();
        let status = match self.status.as_deref() {
            None => Some(None),
            Some(s) => f
                .check("status", parse_code(s, TicketStatus::CODES))
                .map(Some),
        };
        let channel = match self.channel.as_deref() {
            None => Some(None),
            Some(s) => f.check("channel", parse_code(s, Channel::CODES)).map(Some),
        };
        let site = match self.site.as_deref() {
            None => Some(None),
            Some(s) => f.check("site", parse_code(s, Site::CODES)).map(Some),
        };
        let overdue = flag(&mut f, "overdue", self.overdue.as_deref());
        let escalated = flag(&mut f, "escalated", self.escalated.as_deref());
        let mine = flag(&mut f, "mine", self.mine.as_deref());
        let number = match self.indihome_number.as_deref() {
            None => Some(None),
            Some(n) => f
                .check(
                    "indihome_number",
                    crate::domain::ticket::validate_indihome_number(n),
                )
                .map(Some),
        };
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        let parsed = (|| {
            let (limit, cursor) = page?;
            Some((
                QueueQuery {
                    filter: TicketFilter {
                        status: status?,
                        channel: channel?,
                        site: site?,
                        overdue: overdue?,
                        escalated: escalated?,
                        assignee: None,
                        indihome_number: number?,
                    },
                    mine: mine?,
                },
                limit,
                cursor,
            ))
        })();
        f.finish(parsed)
    }
}

/// The ticket queues: the tickets in the caller's scope, newest first, filtered.
///
/// The desk and the all-site roles see every ticket; a site supervisor their site's, a
/// team leader their team's OBC sales, an agent their own sales.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/tickets",
    tag = "tickets",
    security(("bearer" = [])),
    params(TicketListQuery),
    responses(
        (status = 200, body = TicketPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    query: web::Query<TicketListQuery>,
) -> Result<web::Json<TicketPage>, Problem> {
    let request = super::request(&caller, &req);
    let (query, limit, cursor) = query.into_inner().parse()?;
    let page = app::list(&h, &request, query, cursor, limit).await?;
    Ok(web::Json(TicketPage {
        items: page.items.into_iter().map(TicketBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(body: serde_json::Value) -> Result<NewTicket, Rejection> {
        parse_open(&serde_json::from_value::<OpenTicketRequest>(body).unwrap())
    }

    fn good() -> serde_json::Value {
        json!({
            "channel": "plasa", "indihome_number": "122101234567",
            "customer_name": "Budi", "contact_number": "081234567890",
            "product_code": "minipack",
        })
    }

    #[test]
    fn a_request_parses() {
        let new = parse(good()).unwrap();
        assert_eq!(new.channel, Channel::Plasa);
        assert_eq!(new.subject, Subject::Product("MINIPACK".into()));
        assert_eq!(new.priority, Priority::Normal);
    }

    #[test]
    fn an_unknown_channel_is_a_422_naming_it() {
        let mut body = good();
        body["channel"] = json!("email");
        match parse(body) {
            Err(Rejection::Rule { rule, detail }) => {
                assert_eq!(rule, rules::UNKNOWN_REFERENCE);
                assert!(detail.starts_with("channel: "), "{detail}");
            }
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn bad_fields_are_a_400_naming_each() {
        let r = parse(
            json!({"channel": "plasa", "indihome_number": "12", "customer_name": "x",
            "contact_number": "0812345678", "product_code": "A", "negotiation_step": 1}),
        );
        let Err(Rejection::Invalid(errors)) = r else {
            panic!("expected a 400");
        };
        let fields: Vec<_> = errors.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["product_code"]);
        let r = parse(
            json!({"channel": "plasa", "indihome_number": "12", "customer_name": "x",
            "contact_number": "0812345678", "product_code": "A"}),
        );
        let Err(Rejection::Invalid(errors)) = r else {
            panic!("expected a 400");
        };
        assert_eq!(errors[0].field, "indihome_number");
    }
}
