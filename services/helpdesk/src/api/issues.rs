//! Kendala: `/api/v1/helpdesk/issue-categories`, a ticket's issues, their follow-ups
//! and resolution.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{Fields, Problem};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::issues::{self as app, NewFollowup, NewIssue};
use crate::app::Helpdesk;
use crate::domain::issue::{category_code, Followup, IssueCategory, IssueDetail};
use crate::domain::ticket::{optional_text, required_text, MAX_NAME, MAX_TEXT};

/// A category of kendala.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CategoryBody {
    pub code: String,
    pub name: String,
    /// An IT cause: escalations of its tickets also go to IOC.
    pub it_cause: bool,
    /// Whether new issues may use it.
    pub active: bool,
}

impl From<IssueCategory> for CategoryBody {
    fn from(c: IssueCategory) -> Self {
        Self {
            code: c.code,
            name: c.name,
            it_cause: c.it_cause,
            active: c.active,
        }
    }
}

/// Every category, by code.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CategoryList {
    pub items: Vec<CategoryBody>,
}

/// A follow-up of an issue.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct FollowupBody {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub author_id: Uuid,
    pub action: String,
    pub contact_attempt: bool,
    pub result: Option<String>,
}

impl From<Followup> for FollowupBody {
    fn from(f: Followup) -> Self {
        Self {
            id: f.id,
            at: f.at,
            author_id: f.author_id,
            action: f.action,
            contact_attempt: f.contact_attempt,
            result: f.result,
        }
    }
}

/// A kendala with its follow-ups.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct IssueBody {
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub category: String,
    pub description: String,
    pub opened_at: DateTime<Utc>,
    pub opened_by: Uuid,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<Uuid>,
    pub resolution: Option<String>,
    /// Oldest first.
    pub followups: Vec<FollowupBody>,
}

impl From<IssueDetail> for IssueBody {
    fn from(d: IssueDetail) -> Self {
        let i = d.issue;
        Self {
            id: i.id,
            ticket_id: i.ticket_id,
            category: i.category,
            description: i.description,
            opened_at: i.opened_at,
            opened_by: i.opened_by,
            resolved_at: i.resolved_at,
            resolved_by: i.resolved_by,
            resolution: i.resolution,
            followups: d.followups.into_iter().map(Into::into).collect(),
        }
    }
}

/// The categories of kendala, active or not.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/issue-categories",
    tag = "issues",
    security(("bearer" = [])),
    responses((status = 200, body = CategoryList))
)]
pub async fn categories(
    _caller: Caller,
    h: web::Data<Helpdesk>,
) -> Result<web::Json<CategoryList>, Problem> {
    let items = app::categories(&h).await?;
    Ok(web::Json(CategoryList {
        items: items.into_iter().map(Into::into).collect(),
    }))
}

/// A category to add or change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct CategoryRequest {
    /// `a-z`, `0-9` and `_`, up to 50.
    #[schema(
        required = true,
        nullable = false,
        example = "odp_full",
        pattern = r"^[ \t\r\n]*[A-Za-z0-9_]{1,50}[ \t\r\n]*$"
    )]
    pub code: Option<String>,
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 200,
        pattern = r"[^ \t\r\n]"
    )]
    pub name: Option<String>,
    /// Default false.
    pub it_cause: Option<bool>,
    /// Default true; false retires it (its issues keep it).
    pub active: Option<bool>,
}

/// Add a category, or change one (same code): name, IT cause, in use. Answers the list.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/issue-categories",
    tag = "issues",
    security(("bearer" = [])),
    request_body = CategoryRequest,
    responses(
        (status = 200, body = CategoryList),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn put_category(
    _caller: Caller,
    h: web::Data<Helpdesk>,
    body: web::Json<CategoryRequest>,
) -> Result<web::Json<CategoryList>, Problem> {
    let body = body.into_inner();
    let mut f = Fields::new();
    let code = f.required("code", body.code.as_deref(), category_code);
    let name = f.required("name", body.name.as_deref(), |n| required_text(n, MAX_NAME));
    let category = f.finish((|| {
        Some(IssueCategory {
            code: code?,
            name: name?,
            it_cause: body.it_cause.unwrap_or(false),
            active: body.active.unwrap_or(true),
        })
    })())?;
    let items = app::put_category(&h, category).await?;
    Ok(web::Json(CategoryList {
        items: items.into_iter().map(Into::into).collect(),
    }))
}

/// A kendala to record.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct IssueRequest {
    /// An active category code.
    #[schema(
        required = true,
        nullable = false,
        example = "odp_full",
        pattern = r"^[ \t\r\n]*[A-Za-z0-9_]{1,50}[ \t\r\n]*$"
    )]
    pub category: Option<String>,
    /// What is wrong, up to 2000 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 2000,
        pattern = r"[^ \t\r\n]"
    )]
    pub description: Option<String>,
}

/// Record a kendala on a ticket: 422 `unknown-reference` naming `category` for an
/// unknown or retired category; 409 on a resolved ticket; 404 outside the scope.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/tickets/{id}/issues",
    tag = "issues",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "ticket id")),
    request_body = IssueRequest,
    responses(
        (status = 201, body = IssueBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn open(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<IssueRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let category = f.required("category", body.category.as_deref(), category_code);
    let description = f.required("description", body.description.as_deref(), |d| {
        required_text(d, MAX_TEXT)
    });
    let new = f.finish((|| {
        Some(NewIssue {
            category: category?,
            description: description?,
        })
    })())?;
    let issue = app::open(&h, &request, id.into_inner(), new).await?;
    Ok(HttpResponse::Created().json(IssueBody::from(issue)))
}

/// A follow-up.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct FollowupRequest {
    /// What was done, up to 2000 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 2000,
        pattern = r"[^ \t\r\n]"
    )]
    pub action: Option<String>,
    /// Whether the customer (or provider) was tried on the phone (default false).
    pub contact_attempt: Option<bool>,
    /// What came of it, up to 2000 characters.
    #[schema(max_length = 2000)]
    pub result: Option<String>,
}

/// Record what was done about an open issue (409 once resolved).
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/issues/{id}/followups",
    tag = "issues",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "issue id")),
    request_body = FollowupRequest,
    responses(
        (status = 201, body = IssueBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn follow_up(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<FollowupRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let action = f.required("action", body.action.as_deref(), |a| {
        required_text(a, MAX_TEXT)
    });
    let result = f.check("result", optional_text(body.result.as_deref(), MAX_TEXT));
    let new = f.finish((|| {
        Some(NewFollowup {
            action: action?,
            contact_attempt: body.contact_attempt.unwrap_or(false),
            result: result?,
        })
    })())?;
    let issue = app::follow_up(&h, &request, id.into_inner(), new).await?;
    Ok(HttpResponse::Created().json(IssueBody::from(issue)))
}

/// A resolution.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// What fixed it, up to 2000 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 2000,
        pattern = r"[^ \t\r\n]"
    )]
    pub resolution: Option<String>,
}

/// Resolve an open issue (409 if resolved already).
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/issues/{id}/resolve",
    tag = "issues",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "issue id")),
    request_body = ResolveRequest,
    responses(
        (status = 200, body = IssueBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn resolve(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ResolveRequest>,
) -> Result<web::Json<IssueBody>, Problem> {
    let request = super::request(&caller, &req);
    let mut f = Fields::new();
    let resolution = f.required("resolution", body.resolution.as_deref(), |r| {
        required_text(r, MAX_TEXT)
    });
    let resolution = f.finish(resolution)?;
    Ok(web::Json(
        app::resolve(&h, &request, id.into_inner(), resolution)
            .await?
            .into(),
    ))
}
