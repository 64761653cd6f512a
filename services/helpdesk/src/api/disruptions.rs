//! IT disruptions to IOC (manual §4.2.1): `/api/v1/helpdesk/disruptions`, the site's
//! report, IOC's severity, status changes and updates, the timeline and SLA clocks.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{parse_code, parse_page, FieldError, Fields, Problem, Program, Role, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::disruptions::{self as app, DisruptionDetail};
use crate::app::Helpdesk;
use crate::domain::disruption::{
    Breach, Category, Clock, Disruption, EntryKind, NewDisruption, Severity, Status, TimelineEntry,
};
use crate::domain::ticket::{optional_text, required_text, Idempotency, MAX_TEXT};
use crate::domain::{rules, unprocessable, Rejection};
use crate::store::disruptions::Filter;

/// A disruption.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DisruptionBody {
    pub id: Uuid,
    /// What people say on the phone: "disruption 17".
    pub number: i64,
    #[schema(value_type = String)]
    pub site: Site,
    #[schema(value_type = String)]
    pub category: Category,
    #[schema(value_type = Vec<String>)]
    pub programs: Vec<Program>,
    pub agents_affected: u32,
    pub description: String,
    #[schema(value_type = String)]
    pub proposed_severity: Severity,
    /// The severity in force (IOC's, or the proposed one).
    #[schema(value_type = String)]
    pub severity: Severity,
    #[schema(value_type = String)]
    pub status: Status,
    pub reported_by: Uuid,
    #[schema(value_type = String)]
    pub reporter_role: Role,
    /// When the disruption started.
    pub started_at: DateTime<Utc>,
    /// When it ended: IOC's resolution (while resolved or closed).
    pub ended_at: Option<DateTime<Utc>>,
    pub reported_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// An open P1: its site cannot call (shown first to the site's supervisor and
    /// team leaders).
    pub active_p1: bool,
}

impl From<Disruption> for DisruptionBody {
    fn from(d: Disruption) -> Self {
        let active_p1 = d.active_p1();
        Self {
            id: d.id,
            number: d.number,
            site: d.site,
            category: d.category,
            programs: d.programs,
            agents_affected: d.agents_affected,
            description: d.description,
            proposed_severity: d.proposed_severity,
            severity: d.severity,
            status: d.status,
            reported_by: d.reported_by,
            reporter_role: d.reporter_role,
            started_at: d.started_at,
            ended_at: d.ended_at,
            reported_at: d.reported_at,
            acknowledged_at: d.acknowledged_at,
            closed_at: d.closed_at,
            updated_at: d.updated_at,
            active_p1,
        }
    }
}

/// One entry of a disruption's timeline.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TimelineEntryBody {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// `reported`, `status`, `severity`, `update`, `breached`.
    #[schema(value_type = String)]
    pub kind: EntryKind,
    /// The status from then on (reported and status entries).
    #[schema(value_type = Option<String>)]
    pub status: Option<Status>,
    pub note: Option<String>,
    /// `null`: the SLA engine.
    pub actor_id: Option<Uuid>,
    #[schema(value_type = Option<String>)]
    pub actor_role: Option<Role>,
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
}

impl From<TimelineEntry> for TimelineEntryBody {
    fn from(e: TimelineEntry) -> Self {
        Self {
            id: e.id,
            at: e.at,
            kind: e.kind,
            status: e.status,
            note: e.note,
            actor_id: e.actor_id,
            actor_role: e.actor_role,
            details: e.details,
        }
    }
}

/// One SLA clock, computed now.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DisruptionClockBody {
    /// `acknowledge` or `resolve`.
    #[schema(value_type = String)]
    pub clock: crate::domain::disruption::ClockKind,
    pub target_minutes: i64,
    /// Calendar time used so far.
    pub elapsed_seconds: i64,
    pub running: bool,
    /// When it runs out if it keeps running.
    pub due_at: Option<DateTime<Utc>>,
    pub breached: bool,
    /// When it ran out.
    pub breached_at: Option<DateTime<Utc>>,
}

impl From<Clock> for DisruptionClockBody {
    fn from(c: Clock) -> Self {
        Self {
            clock: c.kind,
            target_minutes: c.target.num_minutes(),
            elapsed_seconds: c.elapsed.num_seconds(),
            running: c.running,
            due_at: c.due_at,
            breached: c.breached_at.is_some(),
            breached_at: c.breached_at,
        }
    }
}

/// A breach escalated to IOC's manager.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct BreachBody {
    #[schema(value_type = String)]
    pub clock: crate::domain::disruption::ClockKind,
    #[schema(value_type = String)]
    pub severity: Severity,
    pub calendar: String,
    pub target_minutes: u32,
    pub due_at: DateTime<Utc>,
    /// When the SLA engine found and escalated it.
    pub fired_at: DateTime<Utc>,
    #[schema(value_type = String)]
    pub escalated_to: Role,
}

impl From<Breach> for BreachBody {
    fn from(b: Breach) -> Self {
        Self {
            clock: b.clock,
            severity: b.severity,
            calendar: b.calendar,
            target_minutes: b.target_minutes,
            due_at: b.due_at,
            fired_at: b.fired_at,
            escalated_to: b.escalated_to,
        }
    }
}

/// A disruption's SLA: the calendar of its severity and its two clocks.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DisruptionSlaBody {
    /// `always` for P1, the site's office hours otherwise.
    pub calendar: Option<String>,
    pub clocks: Vec<DisruptionClockBody>,
}

/// A disruption with its timeline, SLA, breaches and the statuses the caller may move
/// it to.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DisruptionDetailBody {
    pub disruption: DisruptionBody,
    /// Oldest first.
    pub timeline: Vec<TimelineEntryBody>,
    pub sla: DisruptionSlaBody,
    pub breaches: Vec<BreachBody>,
    #[schema(value_type = Vec<String>)]
    pub allowed_statuses: Vec<Status>,
}

impl From<DisruptionDetail> for DisruptionDetailBody {
    fn from(d: DisruptionDetail) -> Self {
        Self {
            disruption: d.disruption.into(),
            timeline: d.timeline.into_iter().map(Into::into).collect(),
            sla: DisruptionSlaBody {
                calendar: d.calendar,
                clocks: d.clocks.into_iter().map(Into::into).collect(),
            },
            breaches: d.breaches.into_iter().map(Into::into).collect(),
            allowed_statuses: d.allowed,
        }
    }
}

/// A page of disruptions, with the open P1s on top.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DisruptionPage {
    /// The open P1s in the caller's scope, longest first (first page only): a site or
    /// program that cannot call.
    pub active_p1: Vec<DisruptionBody>,
    /// Newest first.
    pub items: Vec<DisruptionBody>,
    pub next_cursor: Option<String>,
}

fn category_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(Category::CODES, "disruption category")
}

fn severity_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(Severity::CODES, "disruption severity (p1: cannot call)")
}

fn status_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(Status::CODES, "disruption status")
}

/// A disruption to report.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// What broke.
    #[schema(required = true, nullable = false, schema_with = category_code)]
    pub category: Option<String>,
    /// The programs of the reporter's site that cannot call (or call badly), each once.
    #[schema(required = true, nullable = false, value_type = Vec<String>, min_items = 1, max_items = 3)]
    pub programs: Option<Vec<String>>,
    /// How many agents cannot work normally, 0 to 10000.
    #[schema(required = true, nullable = false, minimum = 0, maximum = 10000)]
    pub agents_affected: Option<u32>,
    /// What is wrong, up to 2000 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 2000,
        pattern = r"[^ \t\r\n]"
    )]
    pub description: Option<String>,
    /// The severity the reporter proposes (IOC sets it): p1 when a site or a program
    /// cannot call.
    #[schema(required = true, nullable = false, schema_with = severity_code)]
    pub proposed_severity: Option<String>,
    /// When it started (default: now); not ahead of now, at most 7 days ago.
    #[schema(nullable = false)]
    pub started_at: Option<DateTime<Utc>>,
}

/// The largest `agents_affected`.
const MAX_AGENTS: u32 = 10_000;

/// An unknown code: 422 `unknown-reference` naming the field.
fn unknown(field: &str, value: &str, codes: &[&str]) -> FieldError {
    FieldError::new(
        field,
        format!("{value} is not one of: {}", codes.join(", ")),
    )
}

impl TryFrom<ReportRequest> for NewDisruption {
    type Error = Rejection;

    /// 400 for missing or malformed fields; 422 `unknown-reference` naming each unknown
    /// category, program or severity.
    fn try_from(r: ReportRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let mut unknowns = Vec::new();
        let category = f.required("category", r.category.as_deref(), |c| {
            Ok::<_, String>(c.trim().to_owned())
        });
        let severity = f.required("proposed_severity", r.proposed_severity.as_deref(), |c| {
            Ok::<_, String>(c.trim().to_owned())
        });
        let programs = match r.programs.as_deref() {
            None => {
                f.error("programs", "is required: the programs that cannot call");
                None
            }
            Some([]) => {
                f.error("programs", "names at least one program");
                None
            }
            Some(list) => Some(list.to_vec()),
        };
        let agents = match r.agents_affected {
            None => {
                f.error("agents_affected", "is required");
                None
            }
            Some(n) if n > MAX_AGENTS => {
                f.error("agents_affected", format!("must be at most {MAX_AGENTS}"));
                None
            }
            Some(n) => Some(n),
        };
        let description = f.required("description", r.description.as_deref(), |d| {
            required_text(d, MAX_TEXT)
        });
        let (category, severity, programs, agents, description) = f.finish((|| {
            Some((category?, severity?, programs?, agents?, description?))
        })())?;
        let category = category.parse::<Category>().map_err(|_| {
            unknowns.push(unknown("category", &category, Category::CODES));
        });
        let mut parsed = Vec::with_capacity(programs.len());
        for (i, p) in programs.iter().enumerate() {
            match p.trim().parse::<Program>() {
                Ok(p) => parsed.push(p),
                Err(_) => unknowns.push(unknown(&format!("programs[{i}]"), p, Program::CODES)),
            }
        }
        let severity = severity.parse::<Severity>().map_err(|_| {
            unknowns.push(unknown("proposed_severity", &severity, Severity::CODES));
        });
        match (category, severity) {
            (Ok(category), Ok(proposed_severity)) if unknowns.is_empty() => Ok(NewDisruption {
                category,
                programs: parsed,
                agents_affected: agents,
                description,
                proposed_severity,
                started_at: r.started_at,
            }),
            _ => Err(unprocessable(rules::UNKNOWN_REFERENCE, &unknowns)),
        }
    }
}

/// Report an IT disruption at the caller's own site (from the token): `supervisor_ops`,
/// `team_leader`, `agent`, `qc_officer`. An unknown category or severity, or a program
/// the site does not run, is 422 `unknown-reference` naming the field; a program twice
/// or a start ahead of now (or over 7 days ago) 422 `invalid-disruption`.
///
/// `Idempotency-Key`: the same key and body answer the disruption reported first (200,
/// `Idempotent-Replayed: true`); another body with the key is 422
/// `idempotency-key-reused`.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/disruptions",
    tag = "disruptions",
    security(("bearer" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$",
            description = "the client's name for this request: a retry with the same key and body reports nothing new"),
    ),
    request_body = ReportRequest,
    responses(
        (status = 201, body = DisruptionDetailBody),
        (status = 200, body = DisruptionDetailBody, description = "the disruption reported earlier with this Idempotency-Key",
            headers(("Idempotent-Replayed" = String, description = "`true`"))),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn report(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    body: web::Json<ReportRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let idempotency = match tam_kernel::idempotency_key_of(&req)? {
        None => None,
        Some(key) => {
            // The body as parsed: whitespace and member order do not make two differ.
            let canonical = serde_json::to_string(&body).unwrap_or_default();
            Some(Idempotency {
                key,
                request_hash: format!("{:x}", Sha256::digest(canonical.as_bytes())),
            })
        }
    };
    let new = NewDisruption::try_from(body)?;
    let reported = app::report(&h, &request, new, idempotency).await?;
    let link = format!(
        "/api/v1/helpdesk/disruptions/{}",
        reported.detail.disruption.id
    );
    let body = DisruptionDetailBody::from(reported.detail);
    Ok(if reported.replayed {
        HttpResponse::Ok()
            .insert_header((super::tickets::IDEMPOTENT_REPLAYED, "true"))
            .json(body)
    } else {
        HttpResponse::Created()
            .insert_header(("Location", link))
            .json(body)
    })
}

/// One disruption with its timeline and SLA clocks (computed now), and the statuses
/// the caller may move it to. 404 outside the caller's scope (another site's).
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/disruptions/{id}",
    tag = "disruptions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "disruption id")),
    responses(
        (status = 200, body = DisruptionDetailBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<DisruptionDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    Ok(web::Json(
        app::get(&h, &request, id.into_inner()).await?.into(),
    ))
}

/// Filters and page of the disruption list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct DisruptionListQuery {
    /// Only this status.
    #[param(schema_with = status_code)]
    pub status: Option<String>,
    /// Only this severity.
    #[param(schema_with = severity_code)]
    pub severity: Option<String>,
    /// Only this site.
    #[param(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    /// `true`: only those IOC still works (reported, acknowledged, reopened).
    #[param(value_type = Option<bool>)]
    pub open: Option<String>,
    /// `true`: only those with an SLA breach escalated.
    #[param(value_type = Option<bool>)]
    pub breached: Option<String>,
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

fn optional_code<T: std::str::FromStr>(
    f: &mut Fields,
    field: &str,
    value: Option<&str>,
    codes: &[&str],
) -> Option<Option<T>> {
    match value {
        None => Some(None),
        Some(v) => f.check(field, parse_code(v, codes)).map(Some),
    }
}

/// The disruptions in the caller's scope, newest first, with the open P1s on top
/// (`active_p1`, first page): a site's people their site's, IOC and the managers all.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/disruptions",
    tag = "disruptions",
    security(("bearer" = [])),
    params(DisruptionListQuery),
    responses(
        (status = 200, body = DisruptionPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    query: web::Query<DisruptionListQuery>,
) -> Result<web::Json<DisruptionPage>, Problem> {
    let request = super::request(&caller, &req);
    let q = query.into_inner();
    let mut f = Fields::new();
    let status = optional_code(&mut f, "status", q.status.as_deref(), Status::CODES);
    let severity = optional_code(&mut f, "severity", q.severity.as_deref(), Severity::CODES);
    let site = optional_code(&mut f, "site", q.site.as_deref(), Site::CODES);
    let open = flag(&mut f, "open", q.open.as_deref());
    let breached = flag(&mut f, "breached", q.breached.as_deref());
    let page = parse_page(&mut f, q.limit.as_deref(), q.cursor);
    let (filter, (limit, cursor)) = f.finish((|| {
        Some((
            Filter {
                status: status?,
                severity: severity?,
                site: site?,
                open: open?,
                breached: breached?,
            },
            page?,
        ))
    })())?;
    let (active, page) = app::list(&h, &request, filter, cursor, limit).await?;
    Ok(web::Json(DisruptionPage {
        active_p1: active.into_iter().map(Into::into).collect(),
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// A status change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct DisruptionStatusRequest {
    /// `acknowledged`, `resolved` (IOC); `closed`, `reopened` (the site's supervisor).
    #[schema(required = true, nullable = false, schema_with = status_code)]
    pub status: Option<String>,
    /// Why; required for `resolved` (what fixed it) and `reopened` (what is still
    /// broken); up to 2000 characters.
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// Move a disruption: IOC acknowledges a reported one and resolves an acknowledged or
/// reopened one; the site's `supervisor_ops` confirms a resolved one (`closed`) or
/// reopens it. 403 for a change the caller's role may not make, 409 for a change its
/// status does not allow, 404 outside the caller's scope, 422 `invalid-disruption` for a
/// resolution or reopening without its note.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/disruptions/{id}/status",
    tag = "disruptions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "disruption id")),
    request_body = DisruptionStatusRequest,
    responses(
        (status = 200, body = DisruptionDetailBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn status(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<DisruptionStatusRequest>,
) -> Result<web::Json<DisruptionDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let to = f.required("status", body.status.as_deref(), |s| {
        parse_code::<Status>(s, Status::CODES)
    });
    let note = f.check("note", optional_text(body.note.as_deref(), MAX_TEXT));
    let (to, note) = f.finish((|| Some((to?, note?)))())?;
    Ok(web::Json(
        app::change_status(&h, &request, id.into_inner(), to, note)
            .await?
            .into(),
    ))
}

/// IOC's severity.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct SeverityRequest {
    #[schema(required = true, nullable = false, schema_with = severity_code)]
    pub severity: Option<String>,
    /// Why, up to 2000 characters.
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// IOC sets a disruption's severity (`ioc`, `ioc_manager`); its SLA targets and calendar
/// follow (P1 on the 24x7 calendar). 409 once closed; an unknown severity is 422.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/disruptions/{id}/severity",
    tag = "disruptions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "disruption id")),
    request_body = SeverityRequest,
    responses(
        (status = 200, body = DisruptionDetailBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn severity(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<SeverityRequest>,
) -> Result<web::Json<DisruptionDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let raw = f.required("severity", body.severity.as_deref(), |s| {
        Ok::<_, String>(s.trim().to_owned())
    });
    let note = f.check("note", optional_text(body.note.as_deref(), MAX_TEXT));
    let (raw, note) = f.finish((|| Some((raw?, note?)))())?;
    let severity = raw.parse::<Severity>().map_err(|_| {
        unprocessable(
            rules::UNKNOWN_REFERENCE,
            &[unknown("severity", &raw, Severity::CODES)],
        )
    })?;
    Ok(web::Json(
        app::set_severity(&h, &request, id.into_inner(), severity, note)
            .await?
            .into(),
    ))
}

/// An update on the timeline.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct UpdateRequest {
    /// What was found or done, up to 2000 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 2000,
        pattern = r"[^ \t\r\n]"
    )]
    pub note: Option<String>,
}

/// IOC posts an update on a disruption's timeline, visible to the reporting site
/// (`ioc`, `ioc_manager`). 409 once closed.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/disruptions/{id}/updates",
    tag = "disruptions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "disruption id")),
    request_body = UpdateRequest,
    responses(
        (status = 201, body = DisruptionDetailBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<UpdateRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let mut f = Fields::new();
    let note = f.required("note", body.note.as_deref(), |n| required_text(n, MAX_TEXT));
    let note = f.finish(note)?;
    let detail = app::post_update(&h, &request, id.into_inner(), note).await?;
    Ok(HttpResponse::Created().json(DisruptionDetailBody::from(detail)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(body: serde_json::Value) -> Result<NewDisruption, Rejection> {
        NewDisruption::try_from(serde_json::from_value::<ReportRequest>(body).unwrap())
    }

    fn good() -> serde_json::Value {
        json!({
            "category": "telephony_dialer", "programs": ["add_on_consumer"],
            "agents_affected": 40, "description": "the dialer is down",
            "proposed_severity": "p1",
        })
    }

    #[test]
    fn a_report_parses() {
        let new = parse(good()).unwrap();
        assert_eq!(new.category, Category::TelephonyDialer);
        assert_eq!(new.programs, [Program::AddOnConsumer]);
        assert_eq!(new.proposed_severity, Severity::P1);
    }

    #[test]
    fn unknown_codes_are_a_422_naming_each_field() {
        let mut body = good();
        body["category"] = json!("coffee_machine");
        body["programs"] = json!(["add_on_consumer", "bingo"]);
        body["proposed_severity"] = json!("p9");
        let Err(Rejection::Rule { rule, detail }) = parse(body) else {
            panic!("expected a 422");
        };
        assert_eq!(rule, rules::UNKNOWN_REFERENCE);
        assert!(detail.starts_with("category: coffee_machine"), "{detail}");
        assert!(detail.contains("programs[1]: bingo"), "{detail}");
        assert!(detail.contains("proposed_severity: p9"), "{detail}");
    }

    #[test]
    fn missing_fields_are_a_400_naming_each() {
        let Err(Rejection::Invalid(errors)) = parse(json!({"programs": []})) else {
            panic!("expected a 400");
        };
        let fields: Vec<_> = errors.into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "category",
                "proposed_severity",
                "programs",
                "agents_affected",
                "description"
            ]
        );
    }
}
