//! `/api/v1/prospect/work-orders`: create, list, read, change and move work orders.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tam_auth::Caller;
use tam_kernel::{Cursor, Limit, Problem, Program, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::{work_orders, Prospect};
use crate::domain::work_order::{
    self as wo, NewWorkOrder, Offers, RetryWaits, WorkOrder, WorkOrderPatch, WorkOrderStatus,
    WorkOrderTerms,
};
use crate::domain::{parse_code, Fields, Rejection};
use crate::store::work_orders::WorkOrderFilter;
use tam_kernel::parse_page;

/// Minutes to wait before calling again after each unreached outcome.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct RetryWaitsBody {
    pub no_answer: u32,
    pub busy: u32,
    pub unreachable: u32,
    pub rejected: u32,
}

/// A work order.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct WorkOrderBody {
    pub id: Uuid,
    pub wo_code: String,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    pub title: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// Sales programs: `[{product_code, product_name}]`; retention (`ct0_pranpc`): the
    /// negotiation steps in order, `[{step, description}]`.
    #[schema(value_type = Vec<Object>)]
    pub offers: Value,
    pub max_attempts: u32,
    pub daily_quota_per_agent: u32,
    pub retry_wait_minutes: RetryWaitsBody,
    #[schema(schema_with = schema::status)]
    pub status: WorkOrderStatus,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<WorkOrder> for WorkOrderBody {
    fn from(w: WorkOrder) -> Self {
        let r = w.terms.retry_wait_minutes;
        Self {
            id: w.id,
            offers: w.terms.offers.to_json(),
            wo_code: w.terms.wo_code,
            site: w.site,
            program: w.program,
            title: w.terms.title,
            valid_from: w.terms.valid_from,
            valid_to: w.terms.valid_to,
            max_attempts: w.terms.max_attempts,
            daily_quota_per_agent: w.terms.daily_quota_per_agent,
            retry_wait_minutes: RetryWaitsBody {
                no_answer: r.no_answer,
                busy: r.busy,
                unreachable: r.unreachable,
                rejected: r.rejected,
            },
            status: w.status,
            created_by: w.created_by,
            created_at: w.created_at,
            updated_at: w.updated_at,
        }
    }
}

/// One page of work orders.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct WorkOrderPage {
    pub items: Vec<WorkOrderBody>,
    pub next_cursor: Option<String>,
}

/// Retry waits in a request: each 0 to 10080 minutes (a week).
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct RetryWaitsRequest {
    #[schema(required = true, nullable = false, minimum = 0, maximum = 10080)]
    pub no_answer: Option<i64>,
    #[schema(required = true, nullable = false, minimum = 0, maximum = 10080)]
    pub busy: Option<i64>,
    #[schema(required = true, nullable = false, minimum = 0, maximum = 10080)]
    pub unreachable: Option<i64>,
    #[schema(required = true, nullable = false, minimum = 0, maximum = 10080)]
    pub rejected: Option<i64>,
}

fn parse_retry_waits(f: &mut Fields, r: Option<RetryWaitsRequest>) -> Option<RetryWaits> {
    let Some(r) = r else {
        f.error("retry_wait_minutes", "is required");
        return None;
    };
    let no_answer = f.required("retry_wait_minutes.no_answer", r.no_answer, wo::retry_wait);
    let busy = f.required("retry_wait_minutes.busy", r.busy, wo::retry_wait);
    let unreachable = f.required(
        "retry_wait_minutes.unreachable",
        r.unreachable,
        wo::retry_wait,
    );
    let rejected = f.required("retry_wait_minutes.rejected", r.rejected, wo::retry_wait);
    Some(RetryWaits {
        no_answer: no_answer?,
        busy: busy?,
        unreachable: unreachable?,
        rejected: rejected?,
    })
}

/// A new work order (created as a draft).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct CreateWorkOrderRequest {
    /// The client's code: 1 to 50 of letters, digits, `.`, `_`, `-`, `/`; unique at the
    /// site.
    #[schema(
        required = true,
        nullable = false,
        example = "WO-MDN-2026-03",
        pattern = r"^[ \t\r\n]*[A-Za-z0-9._/-]{1,50}[ \t\r\n]*$"
    )]
    pub wo_code: Option<String>,
    /// Must run at the site (422 `program-not-at-site`).
    #[schema(required = true, nullable = false, schema_with = schema::program)]
    pub program: Option<String>,
    /// Required from all-site roles; a site role's own site when absent (another site
    /// is 403).
    #[schema(schema_with = schema::site)]
    pub site: Option<String>,
    /// 1 to 200 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 200,
        pattern = r"[^ \t\r\n]"
    )]
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    #[schema(required = true, nullable = false, value_type = NaiveDate)]
    pub valid_from: Option<String>,
    /// `YYYY-MM-DD`, not before `valid_from`.
    #[schema(required = true, nullable = false, value_type = NaiveDate)]
    pub valid_to: Option<String>,
    /// Sales programs: a non-empty list of `{product_code, product_name}` (codes
    /// unique); retention (`ct0_pranpc`): the negotiation steps in order,
    /// `[{step: 1, description}, {step: 2, ...}]`.
    #[schema(required = true, nullable = false, value_type = Vec<Object>, min_items = 1, max_items = 100)]
    pub offers: Option<Value>,
    /// 1 to 10.
    #[schema(required = true, nullable = false, minimum = 1, maximum = 10)]
    pub max_attempts: Option<i64>,
    /// 1 to 500.
    #[schema(required = true, nullable = false, minimum = 1, maximum = 500)]
    pub daily_quota_per_agent: Option<i64>,
    #[schema(required = true, nullable = false)]
    pub retry_wait_minutes: Option<RetryWaitsRequest>,
}

/// A create request with the caller's own site (the default for site roles).
impl TryFrom<(CreateWorkOrderRequest, Option<Site>)> for NewWorkOrder {
    type Error = Rejection;

    fn try_from((r, own_site): (CreateWorkOrderRequest, Option<Site>)) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let wo_code = f.required("wo_code", r.wo_code.as_deref(), wo::wo_code);
        let program: Option<Program> = f.required("program", r.program.as_deref(), |v| {
            parse_code(v, Program::CODES)
        });
        let site = match (r.site.as_deref(), own_site) {
            (Some(v), _) => f.check("site", parse_code(v, Site::CODES)),
            (None, Some(own)) => Some(own),
            (None, None) => {
                f.error("site", "is required");
                None
            }
        };
        let title = f.required("title", r.title.as_deref(), wo::title);
        let valid_from = f.required("valid_from", r.valid_from.as_deref(), wo::date);
        let valid_to = f.required("valid_to", r.valid_to.as_deref(), wo::date);
        if let (Some(from), Some(to)) = (valid_from, valid_to) {
            if let Err(Rejection::Invalid(errors)) = wo::check_validity(from, to) {
                f.extend(errors);
            }
        }
        // The offers' shape depends on the program; without one they cannot be checked.
        let offers = match (&r.offers, program) {
            (None, _) => {
                f.error("offers", "is required");
                None
            }
            (Some(value), Some(program)) => match Offers::parse(program.activity(), value) {
                Ok(offers) => Some(offers),
                Err(errors) => {
                    f.extend(errors);
                    None
                }
            },
            (Some(_), None) => None,
        };
        let max_attempts = f.required("max_attempts", r.max_attempts, wo::max_attempts);
        let daily_quota_per_agent = f.required(
            "daily_quota_per_agent",
            r.daily_quota_per_agent,
            wo::daily_quota,
        );
        let retry_wait_minutes = parse_retry_waits(&mut f, r.retry_wait_minutes);
        let new = (|| {
            Some(NewWorkOrder {
                site: site?,
                program: program?,
                terms: WorkOrderTerms {
                    wo_code: wo_code?,
                    title: title?,
                    valid_from: valid_from?,
                    valid_to: valid_to?,
                    offers: offers?,
                    max_attempts: max_attempts?,
                    daily_quota_per_agent: daily_quota_per_agent?,
                    retry_wait_minutes: retry_wait_minutes?,
                },
            })
        })();
        f.finish(new)
    }
}

/// A change of a draft's terms; absent fields keep their value. Site and program do not
/// change (create another work order).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct UpdateWorkOrderRequest {
    #[schema(
        nullable = false,
        pattern = r"^[ \t\r\n]*[A-Za-z0-9._/-]{1,50}[ \t\r\n]*$"
    )]
    pub wo_code: Option<String>,
    #[schema(
        nullable = false,
        min_length = 1,
        max_length = 200,
        pattern = r"[^ \t\r\n]"
    )]
    pub title: Option<String>,
    #[schema(value_type = NaiveDate, required = false)]
    pub valid_from: Option<String>,
    #[schema(value_type = NaiveDate, required = false)]
    pub valid_to: Option<String>,
    /// As in the create request, for the work order's program.
    #[schema(value_type = Vec<Object>, required = false, min_items = 1, max_items = 100)]
    pub offers: Option<Value>,
    #[schema(nullable = false, minimum = 1, maximum = 10)]
    pub max_attempts: Option<i64>,
    #[schema(nullable = false, minimum = 1, maximum = 500)]
    pub daily_quota_per_agent: Option<i64>,
    /// All four waits.
    #[schema(nullable = false)]
    pub retry_wait_minutes: Option<RetryWaitsRequest>,
}

impl TryFrom<UpdateWorkOrderRequest> for WorkOrderPatch {
    type Error = Rejection;

    fn try_from(r: UpdateWorkOrderRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let mut patch = WorkOrderPatch {
            offers: r.offers,
            ..Default::default()
        };
        if let Some(v) = r.wo_code.as_deref() {
            patch.wo_code = f.check("wo_code", wo::wo_code(v));
        }
        if let Some(v) = r.title.as_deref() {
            patch.title = f.check("title", wo::title(v));
        }
        if let Some(v) = r.valid_from.as_deref() {
            patch.valid_from = f.check("valid_from", wo::date(v));
        }
        if let Some(v) = r.valid_to.as_deref() {
            patch.valid_to = f.check("valid_to", wo::date(v));
        }
        if let Some(v) = r.max_attempts {
            patch.max_attempts = f.check("max_attempts", wo::max_attempts(v));
        }
        if let Some(v) = r.daily_quota_per_agent {
            patch.daily_quota_per_agent = f.check("daily_quota_per_agent", wo::daily_quota(v));
        }
        if r.retry_wait_minutes.is_some() {
            patch.retry_wait_minutes = parse_retry_waits(&mut f, r.retry_wait_minutes);
        }
        f.finish(Some(patch))
    }
}

/// Filters and page of the work order list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct WorkOrderListQuery {
    /// Only this status (`draft`, `active`, `closed`).
    #[param(schema_with = schema::status)]
    pub status: Option<String>,
    /// Only this program.
    #[param(schema_with = tam_auth::openapi::program)]
    pub program: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

impl WorkOrderListQuery {
    fn parse(self) -> Result<(WorkOrderFilter, Limit, Option<Cursor>), Rejection> {
        let mut f = Fields::new();
        let status = match self.status.as_deref() {
            None => Some(None),
            Some(v) => f.check("status", v.parse()).map(Some),
        };
        let program = match self.program.as_deref() {
            None => Some(None),
            Some(v) => f.check("program", parse_code(v, Program::CODES)).map(Some),
        };
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        let parsed = (|| {
            let (limit, cursor) = page?;
            Some((
                WorkOrderFilter {
                    status: status?,
                    program: program?,
                },
                limit,
                cursor,
            ))
        })();
        f.finish(parsed)
    }
}

/// Create a work order (a draft).
///
/// `supervisor_ops` at their own site only (403 for another; the site may be omitted),
/// `coordinator` and `manager` anywhere (site required). 400 names every bad field; 422
/// `program-not-at-site`; 409 for a `wo_code` taken at the site. Publishes
/// `prospect.work_order.created`.
#[utoipa::path(
    post,
    path = "/api/v1/prospect/work-orders",
    tag = "work-orders",
    security(("bearer" = [])),
    request_body = CreateWorkOrderRequest,
    responses(
        (status = 201, body = WorkOrderBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    body: web::Json<CreateWorkOrderRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let new = NewWorkOrder::try_from((body.into_inner(), caller.site))?;
    let work_order = work_orders::create(&p, &request, new).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/prospect/work-orders/{}", work_order.id),
        ))
        .json(WorkOrderBody::from(work_order)))
}

/// List the work orders the caller sees, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/prospect/work-orders",
    tag = "work-orders",
    security(("bearer" = [])),
    params(WorkOrderListQuery),
    responses(
        (status = 200, body = WorkOrderPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    query: web::Query<WorkOrderListQuery>,
) -> Result<web::Json<WorkOrderPage>, Problem> {
    let request = super::request(&caller, &req);
    let (filter, limit, cursor) = query.into_inner().parse()?;
    let page = work_orders::list(&p, &request, filter, cursor, limit).await?;
    Ok(web::Json(WorkOrderPage {
        items: page.items.into_iter().map(WorkOrderBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One work order (404 when outside the caller's site).
#[utoipa::path(
    get,
    path = "/api/v1/prospect/work-orders/{id}",
    tag = "work-orders",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "work order id")),
    responses(
        (status = 200, body = WorkOrderBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<WorkOrderBody>, Problem> {
    let request = super::request(&caller, &req);
    let work_order = work_orders::get(&p, &request, id.into_inner()).await?;
    Ok(web::Json(work_order.into()))
}

/// Change a draft work order (409 once active or closed; 404 outside the caller's site).
#[utoipa::path(
    patch,
    path = "/api/v1/prospect/work-orders/{id}",
    tag = "work-orders",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "work order id")),
    request_body = UpdateWorkOrderRequest,
    responses(
        (status = 200, body = WorkOrderBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<UpdateWorkOrderRequest>,
) -> Result<web::Json<WorkOrderBody>, Problem> {
    let request = super::request(&caller, &req);
    let patch = WorkOrderPatch::try_from(body.into_inner())?;
    let work_order = work_orders::update(&p, &request, id.into_inner(), patch).await?;
    Ok(web::Json(work_order.into()))
}

/// Activate a draft work order (409 otherwise). Publishes
/// `prospect.work_order.status_changed`.
#[utoipa::path(
    post,
    path = "/api/v1/prospect/work-orders/{id}/activate",
    tag = "work-orders",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "work order id")),
    responses(
        (status = 200, body = WorkOrderBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn activate(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<WorkOrderBody>, Problem> {
    let request = super::request(&caller, &req);
    let work_order =
        work_orders::change_status(&p, &request, id.into_inner(), WorkOrderStatus::Active).await?;
    Ok(web::Json(work_order.into()))
}

/// Close an active work order (409 otherwise). Publishes
/// `prospect.work_order.status_changed`.
#[utoipa::path(
    post,
    path = "/api/v1/prospect/work-orders/{id}/close",
    tag = "work-orders",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "work order id")),
    responses(
        (status = 200, body = WorkOrderBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn close(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<WorkOrderBody>, Problem> {
    let request = super::request(&caller, &req);
    let work_order =
        work_orders::change_status(&p, &request, id.into_inner(), WorkOrderStatus::Closed).await?;
    Ok(web::Json(work_order.into()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request() -> CreateWorkOrderRequest {
        serde_json::from_value(json!({
            "wo_code": "WO-1",
            "program": "add_on_consumer",
            "site": "medan",
            "title": "Add-on Maret",
            "valid_from": "2026-03-01",
            "valid_to": "2026-03-31",
            "offers": [{"product_code": "MINIPACK", "product_name": "Minipack"}],
            "max_attempts": 3,
            "daily_quota_per_agent": 100,
            "retry_wait_minutes": {"no_answer": 60, "busy": 30, "unreachable": 120, "rejected": 1440},
        }))
        .unwrap()
    }

    #[test]
    fn a_valid_request_parses() {
        let new = NewWorkOrder::try_from((request(), None)).unwrap();
        assert_eq!(new.site, Site::Medan);
        assert_eq!(new.terms.retry_wait_minutes.rejected, 1440);
    }

    #[test]
    fn a_site_role_may_omit_the_site() {
        let mut r = request();
        r.site = None;
        assert!(NewWorkOrder::try_from((r, None)).is_err());
        let mut r = request();
        r.site = None;
        let new = NewWorkOrder::try_from((r, Some(Site::Tangerang))).unwrap();
        assert_eq!(new.site, Site::Tangerang);
    }

    #[test]
    fn every_bad_field_is_named() {
        let r = CreateWorkOrderRequest {
            wo_code: Some("bad code".into()),
            program: Some("add_on_consumer".into()),
            site: Some("jakarta".into()),
            title: None,
            valid_from: Some("2026-03-31".into()),
            valid_to: Some("2026-03-01".into()),
            offers: Some(json!([])),
            max_attempts: Some(0),
            daily_quota_per_agent: Some(501),
            retry_wait_minutes: Some(RetryWaitsRequest {
                no_answer: Some(-1),
                busy: None,
                unreachable: Some(10),
                rejected: Some(20_000),
            }),
        };
        let Err(Rejection::Invalid(errors)) = NewWorkOrder::try_from((r, None)) else {
            panic!("expected a validation error");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "wo_code",
                "site",
                "title",
                "valid_to",
                "offers",
                "max_attempts",
                "daily_quota_per_agent",
                "retry_wait_minutes.no_answer",
                "retry_wait_minutes.busy",
                "retry_wait_minutes.rejected",
            ]
        );
    }

    #[test]
    fn a_patch_checks_what_it_carries() {
        let patch = WorkOrderPatch::try_from(UpdateWorkOrderRequest {
            title: Some("New".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(patch.title.as_deref(), Some("New"));
        let Err(Rejection::Invalid(errors)) = WorkOrderPatch::try_from(UpdateWorkOrderRequest {
            max_attempts: Some(11),
            valid_from: Some("x".into()),
            ..Default::default()
        }) else {
            panic!("expected a validation error");
        };
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn list_queries() {
        let q = WorkOrderListQuery {
            status: Some("active".into()),
            ..Default::default()
        };
        let (filter, _, _) = q.parse().unwrap();
        assert_eq!(filter.status, Some(WorkOrderStatus::Active));
        let q = WorkOrderListQuery {
            status: Some("open".into()),
            program: Some("x".into()),
            limit: Some("0".into()),
            ..Default::default()
        };
        let Err(Rejection::Invalid(errors)) = q.parse() else {
            panic!("expected errors");
        };
        assert_eq!(errors.len(), 3);
    }
}
