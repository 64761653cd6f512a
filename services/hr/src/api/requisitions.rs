//! `/api/v1/hr/requisitions`: open, list, read and cancel requisitions.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{parse_page, Cursor, Limit, Problem, Program, Role, Site};
use utoipa::openapi::Object;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::{requisitions, Hr};
use crate::domain::employee::{parse_code, parse_date};
use crate::domain::requisition::{
    parse_headcount, parse_reason, NewRequisition, Requisition, RequisitionOrigin,
    RequisitionStatus,
};
use crate::domain::{Fields, Rejection};
use crate::store::requisitions::RequisitionFilter;

fn status() -> Object {
    tam_auth::openapi::codes(RequisitionStatus::CODES, "requisition status")
}

fn origin() -> Object {
    tam_auth::openapi::codes(
        RequisitionOrigin::CODES,
        "who opened it: by hand or the CAPLAN gap",
    )
}

/// A requisition.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct RequisitionBody {
    pub id: Uuid,
    #[schema(schema_with = schema::role)]
    pub role: Role,
    #[schema(schema_with = schema::site_nullable)]
    pub site: Option<Site>,
    #[schema(schema_with = schema::program_nullable)]
    pub program: Option<Program>,
    pub headcount: i32,
    /// How many were hired against it.
    pub hired: i64,
    pub needed_by: NaiveDate,
    pub reason: String,
    #[schema(schema_with = origin)]
    pub origin: String,
    #[schema(schema_with = status)]
    pub status: String,
    /// Who opened it; null for the CAPLAN gap.
    pub opened_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Requisition> for RequisitionBody {
    fn from(r: Requisition) -> Self {
        Self {
            id: r.id,
            role: r.role,
            site: r.site,
            program: r.program,
            headcount: r.headcount,
            hired: r.hired,
            needed_by: r.needed_by,
            reason: r.reason,
            origin: r.origin.as_str().to_owned(),
            status: r.status.as_str().to_owned(),
            opened_by: r.opened_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// One page of requisitions.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct RequisitionPage {
    pub items: Vec<RequisitionBody>,
    pub next_cursor: Option<String>,
}

/// A requisition opened by hand.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct OpenRequisitionRequest {
    #[schema(required = true, nullable = false, schema_with = schema::role)]
    pub role: Option<String>,
    /// Required for site-bound roles, absent for the roles that work at every site.
    #[schema(nullable = false, schema_with = schema::site)]
    pub site: Option<String>,
    /// Required for agents and team leaders; must run at the site.
    #[schema(nullable = false, schema_with = schema::program)]
    pub program: Option<String>,
    /// 1 to 1000.
    #[schema(required = true, nullable = false, minimum = 1, maximum = 1000)]
    pub headcount: Option<i64>,
    /// Today or later.
    #[schema(required = true, nullable = false, value_type = NaiveDate)]
    pub needed_by: Option<String>,
    /// 1 to 500 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub reason: Option<String>,
}

impl TryFrom<OpenRequisitionRequest> for NewRequisition {
    type Error = Rejection;

    fn try_from(r: OpenRequisitionRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let role = f.required("role", r.role.as_deref(), |v| parse_code(v, Role::CODES));
        let site = match r.site.as_deref() {
            None => Some(None),
            Some(v) => f.check("site", parse_code(v, Site::CODES)).map(Some),
        };
        let program = match r.program.as_deref() {
            None => Some(None),
            Some(v) => f.check("program", parse_code(v, Program::CODES)).map(Some),
        };
        let headcount = f.required("headcount", r.headcount.as_ref(), |v| parse_headcount(*v));
        let needed_by = f.required("needed_by", r.needed_by.as_deref(), parse_date);
        let reason = f.required("reason", r.reason.as_deref(), parse_reason);
        let new = (|| {
            Some(NewRequisition {
                role: role?,
                site: site?,
                program: program?,
                headcount: headcount?,
                needed_by: needed_by?,
                reason: reason?,
            })
        })();
        f.finish(new)
    }
}

/// Filters and page of the requisition list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct RequisitionListQuery {
    #[param(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    #[param(schema_with = tam_auth::openapi::program)]
    pub program: Option<String>,
    #[param(schema_with = tam_auth::openapi::role)]
    pub role: Option<String>,
    #[param(schema_with = status)]
    pub status: Option<String>,
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

impl RequisitionListQuery {
    fn parse(self) -> Result<(RequisitionFilter, Limit, Option<Cursor>), Rejection> {
        let mut f = Fields::new();
        let site = match self.site.as_deref() {
            None => Some(None),
            Some(v) => f.check("site", parse_code(v, Site::CODES)).map(Some),
        };
        let program = match self.program.as_deref() {
            None => Some(None),
            Some(v) => f.check("program", parse_code(v, Program::CODES)).map(Some),
        };
        let role = match self.role.as_deref() {
            None => Some(None),
            Some(v) => f.check("role", parse_code(v, Role::CODES)).map(Some),
        };
        let status = match self.status.as_deref() {
            None => Some(None),
            Some(v) => f.check("status", v.parse::<RequisitionStatus>()).map(Some),
        };
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        let parsed = (|| {
            let (limit, cursor) = page?;
            Some((
                RequisitionFilter {
                    site: site?,
                    program: program?,
                    role: role?,
                    status: status?,
                },
                limit,
                cursor,
            ))
        })();
        f.finish(parsed)
    }
}

/// Open a requisition by hand.
///
/// A supervisor_ops opens them for their own site only (403). 422
/// `requisition-assignment` for a site or program that does not fit the role (each
/// field named), `program-not-at-site`, `needed-by-past`. Publishes
/// `hr.requisition.opened`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/requisitions",
    tag = "requisitions",
    security(("bearer" = [])),
    request_body = OpenRequisitionRequest,
    responses(
        (status = 201, body = RequisitionBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn open(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<OpenRequisitionRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let new = NewRequisition::try_from(body.into_inner())?;
    let opened = requisitions::open(&hr, &request, new).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/hr/requisitions/{}", opened.id),
        ))
        .json(RequisitionBody::from(opened)))
}

/// List the requisitions the caller sees (a supervisor_ops their site's), oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/hr/requisitions",
    tag = "requisitions",
    security(("bearer" = [])),
    params(RequisitionListQuery),
    responses(
        (status = 200, body = RequisitionPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<RequisitionListQuery>,
) -> Result<web::Json<RequisitionPage>, Problem> {
    let request = super::request(&caller, &req);
    let (filter, limit, cursor) = query.into_inner().parse()?;
    let page = requisitions::list(&hr, &request, filter, cursor, limit).await?;
    Ok(web::Json(RequisitionPage {
        items: page.items.into_iter().map(RequisitionBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One requisition (404 when outside the caller's scope).
#[utoipa::path(
    get,
    path = "/api/v1/hr/requisitions/{id}",
    tag = "requisitions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "requisition id")),
    responses(
        (status = 200, body = RequisitionBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<RequisitionBody>, Problem> {
    let request = super::request(&caller, &req);
    let r = requisitions::get(&hr, &request, id.into_inner()).await?;
    Ok(web::Json(r.into()))
}

/// Cancel an open requisition (409 when filled or cancelled already; 404 outside the
/// caller's scope). Publishes `hr.requisition.changed`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/requisitions/{id}/cancel",
    tag = "requisitions",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "requisition id")),
    responses(
        (status = 200, body = RequisitionBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn cancel(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<RequisitionBody>, Problem> {
    let request = super::request(&caller, &req);
    let r = requisitions::cancel(&hr, &request, id.into_inner()).await?;
    Ok(web::Json(r.into()))
}
