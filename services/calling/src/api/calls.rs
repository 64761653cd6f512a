//! `/api/v1/calling/calls`: start a call, record its result, list and read calls.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tam_auth::Caller;
use tam_kernel::{wib_day_bounds, Cursor, Limit, Outcome, Problem, Program, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::abandonments;
use crate::app::calls as use_calls;
use crate::app::results::{self, Idempotency, Recorded};
use crate::app::Calling;
use crate::domain::abandonment;
use crate::domain::call::{Call, CallStatus, Recording};
use crate::domain::result::ResultDraft;
use crate::domain::{parse_code, Fields, Rejection};
use crate::store::calls::CallFilter;
use tam_kernel::{parse_date, parse_page, parse_uuid};

/// The header that makes a result request safe to retry.
pub use tam_kernel::IDEMPOTENCY_KEY;

/// A call's recording, as stored.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct RecordingBody {
    /// `audio/wav`, `audio/mpeg` or `audio/ogg`.
    pub content_type: String,
    pub size_bytes: u64,
    /// SHA-256 of the audio, lowercase hex.
    pub sha256: String,
    pub attached_at: DateTime<Utc>,
}

impl From<&Recording> for RecordingBody {
    fn from(r: &Recording) -> Self {
        Self {
            content_type: r.content_type.clone(),
            size_bytes: r.size_bytes,
            sha256: r.sha256.clone(),
            attached_at: r.attached_at,
        }
    }
}

/// A call; the result fields are null unless it is completed, the `abandon*` fields
/// unless it was closed without a result.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CallBody {
    pub id: Uuid,
    pub claim_id: Uuid,
    pub prospect_id: Uuid,
    pub work_order_id: Uuid,
    pub wo_code: String,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    /// 1 for the prospect's first call.
    pub attempt: u32,
    /// The caller id the customer sees (the program's).
    pub masking_number: String,
    pub started_at: DateTime<Utc>,
    /// `open` until the agent records the result (`completed`) or a team leader or
    /// operations supervisor closes it without one (`abandoned`).
    #[schema(schema_with = schema::call_status)]
    pub status: CallStatus,
    /// Null unless the call is completed.
    #[schema(schema_with = schema::nullable_outcome)]
    pub outcome: Option<Outcome>,
    pub product_code: Option<String>,
    pub negotiation_step: Option<u32>,
    pub follow_up_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub ended_at: Option<DateTime<Utc>>,
    pub duration_seconds: Option<u32>,
    /// When the call was closed without a result.
    pub abandoned_at: Option<DateTime<Utc>>,
    /// Who closed it (a user id).
    pub abandoned_by: Option<Uuid>,
    /// Why.
    pub abandon_reason: Option<String>,
    pub has_recording: bool,
    pub recording: Option<RecordingBody>,
}

impl From<&Call> for CallBody {
    fn from(c: &Call) -> Self {
        let done = c.completion();
        let result = done.map(|d| &d.result);
        let abandonment = c.abandonment();
        Self {
            id: c.id,
            claim_id: c.claim_id,
            prospect_id: c.prospect_id,
            work_order_id: c.work_order_id,
            wo_code: c.wo_code.clone(),
            agent_id: c.agent_id,
            team_id: c.team_id,
            site: c.site,
            program: c.program,
            attempt: c.attempt,
            masking_number: c.masking_number.clone(),
            started_at: c.started_at,
            status: c.status(),
            outcome: result.map(|r| r.outcome),
            product_code: result.and_then(|r| r.product_code.clone()),
            negotiation_step: result.and_then(|r| r.negotiation_step),
            follow_up_at: result.and_then(|r| r.follow_up_at),
            notes: result.and_then(|r| r.notes.clone()),
            ended_at: done.map(|d| d.ended_at),
            duration_seconds: done.map(|d| d.duration_seconds),
            abandoned_at: abandonment.map(|a| a.at),
            abandoned_by: abandonment.map(|a| a.by),
            abandon_reason: abandonment.map(|a| a.reason.clone()),
            has_recording: c.recording.is_some(),
            recording: c.recording.as_ref().map(RecordingBody::from),
        }
    }
}

/// One page of calls.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CallPage {
    pub items: Vec<CallBody>,
    pub next_cursor: Option<String>,
}

/// A call to start.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct StartCallRequest {
    /// The prospect `POST /api/v1/prospect/next` gave the caller.
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub prospect_id: Option<String>,
    /// The `claim_ticket` of that `next` answer: the call starts at once on it. Without
    /// it, calling waits up to 3 s for the claim's event (older clients).
    pub claim_ticket: Option<String>,
}

fn parse_start(r: StartCallRequest) -> Result<(Uuid, Option<String>), Rejection> {
    let mut f = Fields::new();
    let id = f.required("prospect_id", r.prospect_id.as_deref(), parse_uuid);
    f.finish(id.map(|id| (id, r.claim_ticket)))
}

/// A call's result. Fields that do not apply to the outcome are refused (400).
#[derive(Debug, Default, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordResultRequest {
    #[schema(required = true, nullable = false, schema_with = schema::outcome)]
    pub outcome: Option<String>,
    /// Required for `agree` on a sales program: one of the work order's products.
    pub product_code: Option<String>,
    /// Required for `agree` on retention (`ct0_pranpc`): one of the allowed steps.
    pub negotiation_step: Option<i64>,
    /// Required for `follow_up`: RFC 3339, in the future, inside the operating hours.
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub follow_up_at: Option<String>,
    /// At most 2000 characters.
    pub notes: Option<String>,
}

impl From<RecordResultRequest> for ResultDraft {
    fn from(r: RecordResultRequest) -> Self {
        ResultDraft {
            outcome: r.outcome,
            product_code: r.product_code,
            negotiation_step: r.negotiation_step,
            follow_up_at: r.follow_up_at,
            notes: r.notes,
        }
    }
}

/// Why a call is closed without a result.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct AbandonRequest {
    /// What happened (the agent's session died, the agent left): not empty, at most 500
    /// characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"[^ \t\r\n]"
    )]
    pub reason: Option<String>,
}

fn parse_abandon(r: AbandonRequest) -> Result<String, Rejection> {
    let mut f = Fields::new();
    let reason = f.required("reason", r.reason.as_deref(), abandonment::reason);
    f.finish(reason)
}

/// The `Idempotency-Key` of a request (1 to 200 visible ASCII characters), with the
/// hash of what the request asks: the call and the body as parsed, so whitespace and
/// member order do not make two requests differ.
fn idempotency(
    req: &HttpRequest,
    call_id: Uuid,
    body: &RecordResultRequest,
) -> Result<Option<Idempotency>, Rejection> {
    let Some(key) = tam_kernel::idempotency_key_of(req)? else {
        return Ok(None);
    };
    let canonical = serde_json::to_string(body).unwrap_or_default();
    let hash = Sha256::digest(format!("{call_id}\n{canonical}").as_bytes());
    Ok(Some(Idempotency {
        key,
        request_hash: format!("{hash:x}"),
    }))
}

/// Filters and page of the call list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct CallListQuery {
    /// Calls started on this WIB day (`YYYY-MM-DD`).
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub day: Option<String>,
    /// `open` (no result yet, not closed: the calls a team leader may have to close),
    /// `completed` or `abandoned`.
    #[param(schema_with = schema::call_status)]
    pub status: Option<String>,
    /// Calls with this outcome.
    #[param(schema_with = schema::outcome)]
    pub outcome: Option<String>,
    /// Calls of this work order.
    #[param(value_type = Option<uuid::Uuid>)]
    pub work_order_id: Option<String>,
    /// Calls of this agent (within the caller's scope).
    #[param(value_type = Option<uuid::Uuid>)]
    pub agent_id: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

impl CallListQuery {
    fn parse(self) -> Result<(CallFilter, Limit, Option<Cursor>), Rejection> {
        let mut f = Fields::new();
        let day = match self.day.as_deref() {
            None => Some(None),
            Some(v) => f
                .check("day", parse_date(v))
                .map(|d| Some(wib_day_bounds(d))),
        };
        let status = match self.status.as_deref() {
            None => Some(None),
            Some(v) => f.check("status", v.parse::<CallStatus>()).map(Some),
        };
        let outcome = match self.outcome.as_deref() {
            None => Some(None),
            Some(v) => f
                .check(
                    "outcome",
                    parse_code::<Outcome>(v, Outcome::CODES)
                        .map_err(|e| format!("{e} (calls without a result: status=open)")),
                )
                .map(Some),
        };
        let work_order_id = match self.work_order_id.as_deref() {
            None => Some(None),
            Some(v) => f.check("work_order_id", parse_uuid(v)).map(Some),
        };
        let agent_id = match self.agent_id.as_deref() {
            None => Some(None),
            Some(v) => f.check("agent_id", parse_uuid(v)).map(Some),
        };
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        let parsed = (|| {
            let (limit, cursor) = page?;
            Some((
                CallFilter {
                    started: day?,
                    status: status?,
                    outcome: outcome?,
                    work_order_id: work_order_id?,
                    agent_id: agent_id?,
                },
                limit,
                cursor,
            ))
        })();
        f.finish(parsed)
    }
}

/// Start a call on a prospect the caller claimed.
///
/// Agents only. 201 with the masking number to dial from. 422
/// `outside-operating-hours` (with the next opening) outside 08:00-17:00 WIB; 409 when
/// the prospect is not claimed by the caller, the claim's lease ran out, prospect
/// withdrew it, or a call was already made on it. With the `claim_ticket` of the `next`
/// answer the call starts at once (400 naming `claim_ticket` for a ticket prospect did
/// not sign); without it a claim made a moment ago is waited for up to 3 s (prospect's
/// claim event follows its answer). Publishes `calling.call.started`.
#[utoipa::path(
    post,
    path = "/api/v1/calling/calls",
    tag = "calls",
    security(("bearer" = [])),
    request_body = StartCallRequest,
    responses(
        (status = 201, body = CallBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn start(
    caller: Caller,
    c: web::Data<Calling>,
    req: HttpRequest,
    body: web::Json<StartCallRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let (prospect_id, ticket) = parse_start(body.into_inner())?;
    let call = use_calls::start(&c, &request, prospect_id, ticket.as_deref()).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/calling/calls/{}", call.id),
        ))
        .json(CallBody::from(&call)))
}

/// List the calls the caller sees, newest first: an agent their own, a team leader
/// their team's, site roles their site's, all-site roles every call.
#[utoipa::path(
    get,
    path = "/api/v1/calling/calls",
    tag = "calls",
    security(("bearer" = [])),
    params(CallListQuery),
    responses(
        (status = 200, body = CallPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    c: web::Data<Calling>,
    req: HttpRequest,
    query: web::Query<CallListQuery>,
) -> Result<web::Json<CallPage>, Problem> {
    let request = super::request(&caller, &req);
    let (filter, limit, cursor) = query.into_inner().parse()?;
    let page = use_calls::list(&c, &request, filter, cursor, limit).await?;
    Ok(web::Json(CallPage {
        items: page.items.iter().map(CallBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One call (404 outside the caller's scope).
#[utoipa::path(
    get,
    path = "/api/v1/calling/calls/{id}",
    tag = "calls",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "call id")),
    responses(
        (status = 200, body = CallBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    c: web::Data<Calling>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<CallBody>, Problem> {
    let request = super::request(&caller, &req);
    let call = use_calls::get(&c, &request, id.into_inner()).await?;
    Ok(web::Json(CallBody::from(&call)))
}

/// Record the result of the caller's call, once.
///
/// Only the agent who made the call (404 for others); 409 once it has a result. 400
/// names missing, malformed and inapplicable fields; 422 `not-offered` for a product or
/// step the work order does not offer, `follow-up-time` for a FOLLOW UP not in the
/// future or outside the operating hours. With an `Idempotency-Key`, the same request
/// again gets the first answer (`Idempotent-Replayed: true`); another request under the
/// same key 422 `idempotency-key-reused`. Publishes `calling.call.completed`.
#[utoipa::path(
    post,
    path = "/api/v1/calling/calls/{id}/result",
    tag = "calls",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "call id"),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$",
            description = "1 to 200 visible ASCII characters; makes a retry safe"),
    ),
    request_body = RecordResultRequest,
    responses(
        (status = 200, body = CallBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn record_result(
    caller: Caller,
    c: web::Data<Calling>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<RecordResultRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let id = id.into_inner();
    let body = body.into_inner();
    let idempotency = idempotency(&req, id, &body)?;
    Ok(
        match results::record(&c, &request, id, body.into(), idempotency).await? {
            Recorded::Fresh(call) => HttpResponse::Ok().json(CallBody::from(&*call)),
            Recorded::Replay(call) => HttpResponse::Ok()
                .insert_header(("idempotent-replayed", "true"))
                .json(CallBody::from(&*call)),
        },
    )
}

/// Close a call that will never get a result, without one.
///
/// For a call left open when the agent's softphone or browser died or the agent went
/// home: the team leader of the call's team or the site's operations supervisor (404 for
/// anyone else), with a reason (400 when it is missing, blank or over 500 characters).
/// 409 once the call has a result or was closed already. The agent can no longer record
/// a result; prospect makes the prospect callable again on a new claim. Publishes
/// `calling.call.abandoned`.
#[utoipa::path(
    post,
    path = "/api/v1/calling/calls/{id}/abandon",
    tag = "calls",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "call id")),
    request_body = AbandonRequest,
    responses(
        (status = 200, body = CallBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn abandon(
    caller: Caller,
    c: web::Data<Calling>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<AbandonRequest>,
) -> Result<web::Json<CallBody>, Problem> {
    let request = super::request(&caller, &req);
    let reason = parse_abandon(body.into_inner())?;
    let call = abandonments::abandon(&c, &request, id.into_inner(), reason).await?;
    Ok(web::Json(CallBody::from(&call)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn start_needs_a_prospect_uuid() {
        assert!(parse_start(StartCallRequest::default()).is_err());
        assert!(parse_start(StartCallRequest {
            prospect_id: Some("x".into()),
            claim_ticket: Some("t".into()),
        })
        .is_err());
        let id = Uuid::now_v7();
        assert_eq!(
            parse_start(StartCallRequest {
                prospect_id: Some(id.to_string()),
                claim_ticket: None,
            }),
            Ok((id, None))
        );
        assert_eq!(
            parse_start(StartCallRequest {
                prospect_id: Some(id.to_string()),
                claim_ticket: Some("t".into()),
            }),
            Ok((id, Some("t".into())))
        );
    }

    #[test]
    fn list_queries() {
        let (filter, _, _) = CallListQuery {
            day: Some("2026-03-02".into()),
            status: Some("open".into()),
            outcome: Some("no_answer".into()),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(filter.status, Some(CallStatus::Open));
        assert_eq!(filter.outcome, Some(Outcome::NoAnswer));
        let (from, to) = filter.started.unwrap();
        assert_eq!(from.to_rfc3339(), "2026-03-01T17:00:00+00:00");
        assert_eq!((to - from).num_hours(), 24);
        let Err(Rejection::Invalid(errors)) = (CallListQuery {
            day: Some("02-03-2026".into()),
            status: Some("stuck".into()),
            outcome: Some("open".into()),
            work_order_id: Some("x".into()),
            agent_id: Some("y".into()),
            limit: Some("0".into()),
            cursor: None,
        })
        .parse() else {
            panic!("expected errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "day",
                "status",
                "outcome",
                "work_order_id",
                "agent_id",
                "limit"
            ]
        );
    }

    #[test]
    fn abandoning_needs_a_reason() {
        let reason = |r: Option<&str>| {
            parse_abandon(AbandonRequest {
                reason: r.map(str::to_owned),
            })
        };
        assert_eq!(
            reason(Some(" agent went home ")),
            Ok("agent went home".into())
        );
        for bad in [None, Some(""), Some("   ")] {
            let Err(Rejection::Invalid(errors)) = reason(bad) else {
                panic!("{bad:?} accepted");
            };
            assert_eq!(errors[0].field, "reason", "{bad:?}");
        }
        assert!(reason(Some(&"x".repeat(abandonment::REASON_MAX + 1))).is_err());
        assert!(
            serde_json::from_str::<AbandonRequest>(r#"{"reason":"x","by":"me"}"#).is_err(),
            "unknown members are refused"
        );
    }

    #[test]
    fn the_idempotency_hash_ignores_layout_but_not_content() {
        let id = Uuid::now_v7();
        let a: RecordResultRequest =
            serde_json::from_str(r#"{"outcome":"decline","notes":"x"}"#).unwrap();
        let b: RecordResultRequest =
            serde_json::from_str(r#"{ "notes": "x",  "outcome": "decline" }"#).unwrap();
        let c: RecordResultRequest = serde_json::from_str(r#"{"outcome":"decline"}"#).unwrap();
        let req = TestRequest::default()
            .insert_header((IDEMPOTENCY_KEY, "k-1"))
            .to_http_request();
        let hash = |r| idempotency(&req, id, r).unwrap().unwrap().request_hash;
        assert_eq!(hash(&a), hash(&b));
        assert_ne!(hash(&a), hash(&c));
        assert_ne!(
            hash(&a),
            idempotency(&req, Uuid::now_v7(), &a)
                .unwrap()
                .unwrap()
                .request_hash
        );
        let none = TestRequest::default().to_http_request();
        assert_eq!(idempotency(&none, id, &a).unwrap(), None);
        let bad = TestRequest::default()
            .insert_header((IDEMPOTENCY_KEY, "has space"))
            .to_http_request();
        assert!(idempotency(&bad, id, &a).is_err());
    }
}
