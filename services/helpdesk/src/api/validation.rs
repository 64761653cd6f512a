//! QC Tier 2's API: `/api/v1/helpdesk/validation-plans` (the share of each channel's
//! activations sampled), `/validation-checklists` (versioned per channel),
//! `/validation-samples/draw`, `/validations` (the queue, the claim, the result) and
//! `/validation-stats` (per channel and month).

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{parse_code, parse_page, Cursor, FieldError, Fields, Limit, Problem};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::tickets::TicketBody;
use crate::app::validation::{
    self as app, channel as channel_of, wib_start, ChannelMonth, DrawReport, PlanView, ResultInput,
    ValidationDetail,
};
use crate::app::Helpdesk;
use crate::domain::policy::Channel;
use crate::domain::ticket::optional_text;
use crate::domain::validation::{
    check_has_items, check_unique, item_code, parse_items, share_percent, Answer, Checklist,
    ChecklistItem, ItemInput, Validation, ValidationStatus, MAX_DRAW_DAYS, MAX_FINDINGS,
};
use crate::domain::{rules, unprocessable, Rejection};
use crate::store::validation::ValidationFilter;

fn channel_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(Channel::CODES, "sales channel code")
}

fn status_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(ValidationStatus::CODES, "validation status")
}

/// A `YYYY-MM-DD` date of a request.
fn date(value: &str) -> Result<NaiveDate, String> {
    value
        .trim()
        .parse::<NaiveDate>()
        .map_err(|_| format!("{value:?} is not a date (YYYY-MM-DD)"))
}

/// A channel's sampling plan.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct PlanBody {
    #[schema(schema_with = channel_code)]
    pub channel: Channel,
    /// The share of the channel's activated tickets validated, 0 to 100 percent (0 for
    /// a channel without a plan).
    pub share_percent: u8,
    /// When it was last set (`null`: never).
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<Uuid>,
}

impl From<PlanView> for PlanBody {
    fn from(p: PlanView) -> Self {
        Self {
            channel: p.channel,
            share_percent: p.share_percent,
            updated_at: p.updated_at,
            updated_by: p.updated_by,
        }
    }
}

/// Every channel's plan.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct PlanList {
    pub items: Vec<PlanBody>,
}

/// A channel's new share.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// 0 to 100 (whole percent); 100 validates every activation.
    #[schema(required = true, nullable = false, minimum = 0, maximum = 100)]
    pub share_percent: Option<i64>,
}

/// The sampling plan of every channel.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/validation-plans",
    tag = "qc",
    security(("bearer" = [])),
    responses((status = 200, body = PlanList))
)]
pub async fn plans(
    _caller: Caller,
    h: web::Data<Helpdesk>,
) -> Result<web::Json<PlanList>, Problem> {
    let plans = app::plans(&h).await?;
    Ok(web::Json(PlanList {
        items: plans.into_iter().map(Into::into).collect(),
    }))
}

/// Set a channel's share of activations QC Tier 2 validates (OBC and the other channels
/// alike). The draws from now on use it; activations already sampled stay sampled.
/// 422 `unknown-reference` naming `channel` for a channel the desk does not know.
#[utoipa::path(
    put,
    path = "/api/v1/helpdesk/validation-plans/{channel}",
    tag = "qc",
    security(("bearer" = [])),
    params(("channel" = String, Path, description = "sales channel code")),
    request_body = PlanRequest,
    responses(
        (status = 200, body = PlanBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn put_plan(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<PlanRequest>,
) -> Result<web::Json<PlanBody>, Problem> {
    let request = super::request(&caller, &req);
    let mut f = Fields::new();
    let share = f.required("share_percent", body.share_percent, share_percent);
    let share = f.finish(share)?;
    let channel = channel_of(&path, "channel")?;
    Ok(web::Json(
        app::set_plan(&h, &request, channel, share).await?.into(),
    ))
}

/// One item of a checklist.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ChecklistItemBody {
    pub code: String,
    pub text: String,
    /// A failed critical item makes the activation invalid.
    pub critical: bool,
}

impl From<ChecklistItem> for ChecklistItemBody {
    fn from(i: ChecklistItem) -> Self {
        Self {
            code: i.code,
            text: i.text,
            critical: i.critical,
        }
    }
}

/// One version of a channel's checklist.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ChecklistBody {
    pub id: Uuid,
    #[schema(schema_with = channel_code)]
    pub channel: Channel,
    /// 1, 2, …
    pub version: u32,
    /// In force from this WIB date until a later version's.
    pub effective_from: NaiveDate,
    /// Who made it (`null` for the seeded version 1).
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub items: Vec<ChecklistItemBody>,
}

impl From<Checklist> for ChecklistBody {
    fn from(c: Checklist) -> Self {
        Self {
            id: c.id,
            channel: c.channel,
            version: c.version,
            effective_from: c.effective_from,
            created_by: c.created_by,
            created_at: c.created_at,
            items: c.items.into_iter().map(Into::into).collect(),
        }
    }
}

/// Checklist versions, by channel, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ChecklistList {
    pub items: Vec<ChecklistBody>,
}

/// One item of a new checklist version.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ChecklistItemRequest {
    /// 1 to 40 of letters, digits, `_`, `-` (upper-cased); unique in the version.
    #[schema(
        required = true,
        nullable = false,
        example = "CUSTOMER_CONFIRMS_ORDER",
        pattern = r"^[ \t\r\n]*[A-Za-z0-9_-]{1,40}[ \t\r\n]*$"
    )]
    pub code: Option<String>,
    /// What QC Tier 2 checks, 1 to 500 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"[^ \t\r\n]"
    )]
    pub text: Option<String>,
    #[schema(required = true, nullable = false)]
    pub critical: Option<bool>,
}

/// A new version of a channel's checklist (replaces every item).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ChecklistRequest {
    /// The WIB date it takes effect (`YYYY-MM-DD`; today when absent): not in the past,
    /// not before the latest version's.
    #[schema(value_type = Option<String>, format = Date)]
    pub effective_from: Option<String>,
    /// 1 to 50 items (none is 422 `invalid-checklist`).
    #[schema(required = true, nullable = false, max_items = 50)]
    pub items: Option<Vec<ChecklistItemRequest>>,
}

/// Filters of the checklist list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ChecklistQuery {
    /// Only this channel's versions.
    #[param(schema_with = channel_code)]
    pub channel: Option<String>,
}

/// Every version of the validation checklists (of one channel with `?channel=`), by
/// channel, newest first. 422 `unknown-reference` naming `channel` for an unknown one.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/validation-checklists",
    tag = "qc",
    security(("bearer" = [])),
    params(ChecklistQuery),
    responses(
        (status = 200, body = ChecklistList),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn checklists(
    _caller: Caller,
    h: web::Data<Helpdesk>,
    query: web::Query<ChecklistQuery>,
) -> Result<web::Json<ChecklistList>, Problem> {
    let channel = query
        .channel
        .as_deref()
        .map(|c| channel_of(c, "channel"))
        .transpose()?;
    let versions = app::checklists(&h, channel).await?;
    Ok(web::Json(ChecklistList {
        items: versions.into_iter().map(Into::into).collect(),
    }))
}

/// A new version of a channel's validation checklist, in force from `effective_from`.
/// Validations already sampled keep the version they were sampled with.
///
/// 400 names every bad item field (codes of 1 to 40 letters, digits, `_`, `-`; texts 1
/// to 500 characters); 422 `invalid-checklist` for a checklist without items, a code
/// given twice, or a date in the past or before the latest version's; 422 `checklist-item-in-use` when it drops an item that open
/// validations of the channel still use; 422 `unknown-reference` for an unknown channel;
/// 409 when another change won the race for the same version.
#[utoipa::path(
    put,
    path = "/api/v1/helpdesk/validation-checklists/{channel}",
    tag = "qc",
    security(("bearer" = [])),
    params(("channel" = String, Path, description = "sales channel code")),
    request_body = ChecklistRequest,
    responses(
        (status = 200, body = ChecklistBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn put_checklist(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<ChecklistRequest>,
) -> Result<web::Json<ChecklistBody>, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let channel = channel_of(&path, "channel")?;
    let inputs: Option<Vec<ItemInput>> = body.items.map(|items| {
        items
            .into_iter()
            .map(|i| ItemInput {
                code: i.code,
                text: i.text,
                critical: i.critical,
            })
            .collect()
    });
    check_has_items(inputs.as_deref())?;
    let mut f = Fields::new();
    let from = match body.effective_from.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(d) => f.check("effective_from", date(d)).map(Some),
    };
    let items = match parse_items(inputs.unwrap_or_default()) {
        Ok(items) => Some(items),
        Err(errors) => {
            f.extend(errors);
            None
        }
    };
    let (from, items) = f.finish((|| Some((from?, items?)))())?;
    check_unique(&items)?;
    let version = app::put_checklist(&h, &request, channel, from, items).await?;
    Ok(web::Json(version.into()))
}

/// A draw to make.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct DrawRequest {
    #[schema(required = true, nullable = false, schema_with = channel_code)]
    pub channel: Option<String>,
    /// The first WIB day of activations (`YYYY-MM-DD`).
    #[schema(required = true, nullable = false, value_type = String, format = Date)]
    pub from: Option<String>,
    /// The last WIB day of activations, included (at most 92 days after `from`).
    #[schema(required = true, nullable = false, value_type = String, format = Date)]
    pub to: Option<String>,
}

/// What a draw did.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DrawBody {
    #[schema(schema_with = channel_code)]
    pub channel: Channel,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The channel's share now.
    pub share_percent: u8,
    /// The checklist version new samples are filled against.
    pub checklist_version: u32,
    /// The channel's activated tickets of the period.
    pub activated: usize,
    /// Those in the sample (drawn now or by an earlier draw).
    pub sampled: usize,
    /// Those this draw added (0 on a re-run).
    pub added: usize,
}

impl From<DrawReport> for DrawBody {
    fn from(r: DrawReport) -> Self {
        Self {
            channel: r.channel,
            from: r.from,
            to: r.to,
            share_percent: r.share_percent,
            checklist_version: r.checklist_version,
            activated: r.activated,
            sampled: r.sampled,
            added: r.added,
        }
    }
}

/// Draw the sample of a channel's activations of a period: each activated ticket is in
/// it when a stable hash of its id falls below the channel's share, so a re-run picks
/// the same tickets and adds none (idempotent). New samples wait in QC Tier 2's queue.
///
/// 400 for a missing or bad date; 422 `invalid-period` for `to` before `from` or a
/// period over 92 days; 422 `unknown-reference` naming `channel`; 422
/// `no-checklist-in-force` when the channel has no checklist today.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/validation-samples/draw",
    tag = "qc",
    security(("bearer" = [])),
    request_body = DrawRequest,
    responses(
        (status = 200, body = DrawBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn draw(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    body: web::Json<DrawRequest>,
) -> Result<web::Json<DrawBody>, Problem> {
    let request = super::request(&caller, &req);
    let mut f = Fields::new();
    let raw_channel = f.required("channel", body.channel.as_deref(), |c| {
        Ok::<_, String>(c.to_owned())
    });
    let from = f.required("from", body.from.as_deref(), date);
    let to = f.required("to", body.to.as_deref(), date);
    let (raw_channel, from, to) = f.finish((|| Some((raw_channel?, from?, to?)))())?;
    let channel = channel_of(&raw_channel, "channel")?;
    // Rules across the two dates: 422, as the document cannot state them.
    let period = if to < from {
        Some("is before from".to_owned())
    } else if (to - from).num_days() >= MAX_DRAW_DAYS {
        Some(format!("a draw covers at most {MAX_DRAW_DAYS} days"))
    } else {
        None
    };
    if let Some(reason) = period {
        return Err(unprocessable(rules::INVALID_PERIOD, &[FieldError::new("to", reason)]).into());
    }
    let report = app::draw(&h, &request, channel, from, to).await?;
    Ok(web::Json(report.into()))
}

/// A sampled activation and its validation.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ValidationBody {
    pub id: Uuid,
    pub ticket_id: Uuid,
    #[schema(schema_with = channel_code)]
    pub channel: Channel,
    /// When the ticket was activated (the queue's age).
    pub activated_at: DateTime<Utc>,
    /// The checklist version it is filled against (the one in force when sampled).
    pub checklist_id: Uuid,
    /// The channel's share when it was sampled.
    pub share_percent: u8,
    pub sampled_at: DateTime<Utc>,
    pub sampled_by: Option<Uuid>,
    #[schema(schema_with = status_code)]
    pub status: ValidationStatus,
    pub claimed_by: Option<Uuid>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub lease_expires_at: Option<DateTime<Utc>>,
    pub findings: Option<String>,
    pub validated_by: Option<Uuid>,
    pub validated_at: Option<DateTime<Utc>>,
    /// The kendala an invalid activation opened on its ticket.
    pub issue_id: Option<Uuid>,
}

impl From<Validation> for ValidationBody {
    fn from(v: Validation) -> Self {
        Self {
            id: v.id,
            ticket_id: v.ticket_id,
            channel: v.channel,
            activated_at: v.activated_at,
            checklist_id: v.checklist_id,
            share_percent: v.share_percent,
            sampled_at: v.sampled_at,
            sampled_by: v.sampled_by,
            status: v.status,
            claimed_by: v.claimed_by,
            claimed_at: v.claimed_at,
            lease_expires_at: v.lease_expires_at,
            findings: v.findings,
            validated_by: v.validated_by,
            validated_at: v.validated_at,
            issue_id: v.issue_id,
        }
    }
}

/// QC Tier 2's answer to one checklist item.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct AnswerBody {
    pub code: String,
    pub passed: bool,
    pub note: Option<String>,
}

/// A validation with its checklist, answers and ticket.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ValidationDetailBody {
    pub validation: ValidationBody,
    pub checklist: ChecklistBody,
    /// In the checklist's order (empty before the result).
    pub answers: Vec<AnswerBody>,
    pub ticket: TicketBody,
}

impl From<ValidationDetail> for ValidationDetailBody {
    fn from(d: ValidationDetail) -> Self {
        Self {
            validation: d.validation.into(),
            checklist: d.checklist.into(),
            answers: d
                .answers
                .into_iter()
                .map(|a| AnswerBody {
                    code: a.code,
                    passed: a.passed,
                    note: a.note,
                })
                .collect(),
            ticket: d.ticket.into(),
        }
    }
}

/// A page of validations, oldest activation first.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ValidationPage {
    pub items: Vec<ValidationBody>,
    /// The cursor of the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// Filters and page of the validation queue.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ValidationListQuery {
    /// Only this channel.
    #[param(schema_with = channel_code)]
    pub channel: Option<String>,
    /// Only this status.
    #[param(schema_with = status_code)]
    pub status: Option<String>,
    /// Activated on or after this WIB day (`YYYY-MM-DD`).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// Activated on or before this WIB day (`YYYY-MM-DD`).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
    /// Only this ticket's validation.
    #[param(value_type = Option<Uuid>)]
    pub ticket_id: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

impl ValidationListQuery {
    fn parse(self) -> Result<(ValidationFilter, Limit, Option<Cursor>), Rejection> {
        let mut f = Fields::new();
        let channel_raw = self.channel.clone();
        let status = match self.status.as_deref() {
            None => Some(None),
            Some(s) => f
                .check("status", parse_code(s, ValidationStatus::CODES))
                .map(Some),
        };
        let from = match self.from.as_deref() {
            None => Some(None),
            Some(d) => f.check("from", date(d)).map(Some),
        };
        let to = match self.to.as_deref() {
            None => Some(None),
            Some(d) => f.check("to", date(d)).map(Some),
        };
        let ticket = match self.ticket_id.as_deref() {
            None => Some(None),
            Some(t) => f
                .check(
                    "ticket_id",
                    t.trim()
                        .parse::<Uuid>()
                        .map_err(|_| "is not an id".to_owned()),
                )
                .map(Some),
        };
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        let parsed = (|| Some((status?, from?, to?, ticket?, page?)))();
        let (status, from, to, ticket, (limit, cursor)) = f.finish(parsed)?;
        let channel = channel_raw
            .as_deref()
            .map(|c| channel_of(c, "channel"))
            .transpose()?;
        Ok((
            ValidationFilter {
                channel,
                status,
                activated_from: from.map(wib_start),
                activated_to: to.map(|d: NaiveDate| wib_start(d + chrono::Duration::days(1))),
                ticket_id: ticket,
            },
            limit,
            cursor,
        ))
    }
}

/// QC Tier 2's queue: the sampled activations, oldest activation first, filtered by
/// channel, status, activation day or ticket. 422 `unknown-reference` naming `channel`.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/validations",
    tag = "qc",
    security(("bearer" = [])),
    params(ValidationListQuery),
    responses(
        (status = 200, body = ValidationPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    _caller: Caller,
    h: web::Data<Helpdesk>,
    query: web::Query<ValidationListQuery>,
) -> Result<web::Json<ValidationPage>, Problem> {
    let (filter, limit, cursor) = query.into_inner().parse()?;
    let page = app::list(&h, filter, cursor, limit).await?;
    Ok(web::Json(ValidationPage {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One validation with its checklist, answers and ticket.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/validations/{id}",
    tag = "qc",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "validation id")),
    responses(
        (status = 200, body = ValidationDetailBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    _caller: Caller,
    h: web::Data<Helpdesk>,
    id: web::Path<Uuid>,
) -> Result<web::Json<ValidationDetailBody>, Problem> {
    Ok(web::Json(app::get(&h, id.into_inner()).await?.into()))
}

/// The claim's channel.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ClaimQuery {
    /// Only this channel's queue.
    #[param(schema_with = channel_code)]
    pub channel: Option<String>,
}

/// Claim a validation: the one the caller holds, else the oldest sampled activation
/// waiting (of `?channel=` when given) or whose lease expired, leased for 30 minutes.
/// Concurrent claims never get the same one. 204 when none is waiting.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/validations/claim",
    tag = "qc",
    security(("bearer" = [])),
    params(ClaimQuery),
    responses(
        (status = 200, body = ValidationDetailBody),
        (status = 204, description = "no sampled activation is waiting"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn claim(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    query: web::Query<ClaimQuery>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let channel = query
        .channel
        .as_deref()
        .map(|c| channel_of(c, "channel"))
        .transpose()?;
    Ok(match app::claim(&h, &request, channel).await? {
        Some(detail) => HttpResponse::Ok().json(ValidationDetailBody::from(detail)),
        None => HttpResponse::NoContent().finish(),
    })
}

/// One answer of a result.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// An item code of the validation's checklist version.
    #[schema(
        required = true,
        nullable = false,
        pattern = r"^[ \t\r\n]*[A-Za-z0-9_-]{1,40}[ \t\r\n]*$"
    )]
    pub code: Option<String>,
    #[schema(required = true, nullable = false)]
    pub passed: Option<bool>,
    /// Up to 2000 characters.
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// QC Tier 2's result.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ResultRequest {
    /// Every item of the checklist version, once.
    #[schema(required = true, nullable = false, min_items = 1, max_items = 50)]
    pub answers: Option<Vec<AnswerRequest>>,
    /// What was found (up to 2000 characters); required when a critical item fails.
    #[schema(max_length = 2000)]
    pub findings: Option<String>,
}

fn parse_result(body: ResultRequest) -> Result<ResultInput, Rejection> {
    let mut f = Fields::new();
    let findings = f.check(
        "findings",
        optional_text(body.findings.as_deref(), MAX_FINDINGS),
    );
    let mut answers = Vec::new();
    match body.answers {
        None => f.error("answers", "is required"),
        Some(list) => {
            for (i, a) in list.into_iter().enumerate() {
                let code = f.required(&format!("answers[{i}].code"), a.code.as_deref(), item_code);
                let passed = f.required(&format!("answers[{i}].passed"), a.passed, Ok::<_, String>);
                let note = f.check(
                    &format!("answers[{i}].note"),
                    optional_text(a.note.as_deref(), MAX_FINDINGS),
                );
                if let (Some(code), Some(passed), Some(note)) = (code, passed, note) {
                    answers.push(Answer { code, passed, note });
                }
            }
        }
    }
    let findings = f.finish(findings)?;
    Ok(ResultInput { answers, findings })
}

/// Record the result of the validation the caller holds: every item of its checklist
/// version answered once (400 names missing, unknown and repeated codes); invalid when a
/// critical item fails, and then `findings` is required (400).
///
/// An invalid activation goes back to HD Support: its ticket is reopened to
/// `validation` with a `qc_invalid_activation` kendala carrying the findings (the SLA
/// clocks run again), and `helpdesk.activation.invalidated` names the OBC sale's agent
/// and call; a valid one publishes `helpdesk.activation.validated`. 409 when the caller
/// does not hold the validation, it was validated already, or the ticket cannot be
/// reopened (no longer activated, or another ticket is open for the customer and
/// product).
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/validations/{id}/result",
    tag = "qc",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "validation id")),
    request_body = ResultRequest,
    responses(
        (status = 200, body = ValidationDetailBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn result(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ResultRequest>,
) -> Result<web::Json<ValidationDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    let input = parse_result(body.into_inner())?;
    let detail = app::submit(&h, &request, id.into_inner(), input).await?;
    Ok(web::Json(detail.into()))
}

/// One channel's month.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ChannelMonthBody {
    #[schema(schema_with = channel_code)]
    pub channel: Channel,
    /// Activations of the month (WIB).
    pub activated: u64,
    /// Of those, sampled for QC Tier 2.
    pub sampled: u64,
    /// Of those, validated (valid or invalid).
    pub validated: u64,
    pub invalid: u64,
    /// Valid over validated, 0 to 1; `null` before any validation.
    pub validity_rate: Option<f64>,
}

impl From<ChannelMonth> for ChannelMonthBody {
    fn from(m: ChannelMonth) -> Self {
        Self {
            channel: m.channel,
            activated: m.activated,
            sampled: m.sampled,
            validated: m.validated,
            invalid: m.invalid,
            validity_rate: m.validity_rate,
        }
    }
}

/// A month of QC Tier 2, per channel.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ValidationStats {
    /// `YYYY-MM`.
    pub month: String,
    pub items: Vec<ChannelMonthBody>,
}

/// The month and channel of the stats.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// `YYYY-MM` (WIB); required.
    #[param(
        required = true,
        pattern = r"^[ \t\r\n]*[0-9]{4}-(0[1-9]|1[0-2])[ \t\r\n]*$"
    )]
    pub month: Option<String>,
    /// Only this channel.
    #[param(schema_with = channel_code)]
    pub channel: Option<String>,
}

/// Per channel and month: the activations, how many were sampled, validated and found
/// invalid, and the validity rate. 400 for a missing or bad month; 422
/// `unknown-reference` naming `channel`.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/validation-stats",
    tag = "qc",
    security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, body = ValidationStats),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn stats(
    _caller: Caller,
    h: web::Data<Helpdesk>,
    query: web::Query<StatsQuery>,
) -> Result<web::Json<ValidationStats>, Problem> {
    let mut f = Fields::new();
    let month = f.required("month", query.month.as_deref(), |m| {
        date(&format!("{}-01", m.trim())).map_err(|_| format!("{m:?} is not a month (YYYY-MM)"))
    });
    let month = f.finish(month)?;
    let channel = query
        .channel
        .as_deref()
        .map(|c| channel_of(c, "channel"))
        .transpose()?;
    let rows = app::stats(&h, month, channel).await?;
    Ok(web::Json(ValidationStats {
        month: month.format("%Y-%m").to_string(),
        items: rows.into_iter().map(Into::into).collect(),
    }))
}
